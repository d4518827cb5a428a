package dev.corvid.platform.error;

import dev.corvid.platform.api.error.ErrorStatusTable;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * All modules' {@link ErrorStatusTable}s merged. An exception takes the status of its nearest listed superclass;
 * two modules listing one type is a start-up error.
 */
@Singleton
class ErrorStatuses {

    private final Map<Class<?>, Integer> statuses;
    private final ClassValue<OptionalInt> resolved = new ClassValue<>() {
        @Override
        protected OptionalInt computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                Integer status = statuses.get(c);
                if (status != null) {
                    return OptionalInt.of(status);
                }
            }
            return OptionalInt.empty();
        }
    };

    ErrorStatuses(Instance<ErrorStatusTable> tables) {
        Map<Class<?>, Integer> merged = new HashMap<>();
        Map<Class<?>, String> owners = new HashMap<>();
        for (ErrorStatusTable table : tables) {
            table.statuses().forEach((type, status) -> {
                String owner = owners.putIfAbsent(type, table.module());
                if (owner != null) {
                    throw new IllegalStateException(type.getName() + " is mapped by both " + owner + " and "
                            + table.module());
                }
                merged.put(type, status);
            });
        }
        this.statuses = Map.copyOf(merged);
    }

    /** The status for this exception type, if any table lists it or a superclass. */
    OptionalInt statusOf(Class<? extends Throwable> type) {
        return resolved.get(type);
    }
}
