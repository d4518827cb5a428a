package dev.corvid.platform.api.error;

import java.util.Map;

/**
 * One module's table of exception types to HTTP statuses. Each module produces one as a CDI bean; a subclass not in
 * the table takes its nearest listed superclass's status, and an exception listed nowhere is a 500.
 *
 * @param module   the module the table belongs to, for diagnostics
 * @param statuses exception type → HTTP status (4xx or 5xx)
 */
public record ErrorStatusTable(String module, Map<Class<? extends Throwable>, Integer> statuses) {

    public ErrorStatusTable {
        statuses = Map.copyOf(statuses);
        statuses.forEach((type, status) -> {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException(type.getName() + " maps to " + status + ", not an error status");
            }
        });
    }
}
