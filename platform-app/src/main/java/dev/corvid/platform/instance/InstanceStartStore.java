package dev.corvid.platform.instance;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the record of application starts. Both methods run on the Vert.x event loop and never block; both fail
 * with a fault-tolerance exception (timeout, open circuit) or the driver's error when the database is unreachable.
 */
interface InstanceStartStore {

    /** Records a start; the item arrives once it is committed. */
    Uni<InstanceStartView> record(String instance, String version, String database, Instant at);

    /** The newest {@code limit} starts, newest first. */
    Uni<List<InstanceStartView>> recent(int limit);
}
