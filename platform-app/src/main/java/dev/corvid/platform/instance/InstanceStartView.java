package dev.corvid.platform.instance;

import java.time.Instant;

/**
 * One recorded start, as the API shows it.
 *
 * @param database {@code embedded} or {@code external}
 */
public record InstanceStartView(long id, String instance, String version, String database, Instant startedAt) {
}
