package dev.corvid.platform.instance;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Read access to recorded starts for the REST layer, which cannot see the store itself. */
@ApplicationScoped
public class InstanceStartQueries {

    private final InstanceStartStore store;

    InstanceStartQueries(InstanceStartStore store) {
        this.store = store;
    }

    /** The newest {@code limit} starts, newest first. */
    public Uni<List<InstanceStartView>> recent(int limit) {
        return store.recent(limit);
    }
}
