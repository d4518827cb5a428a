package dev.corvid.embedding;

import dev.corvid.platform.api.error.CorvidException;
import java.util.Map;

/** Base of the embedding module's own failures; statuses come from {@link EmbeddingErrors}. */
public abstract class EmbeddingException extends CorvidException {

    private final Map<String, Object> extensions;

    protected EmbeddingException(String detail, Map<String, Object> extensions) {
        super(detail);
        this.extensions = Map.copyOf(extensions);
    }

    @Override
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** An input the module cannot take (400), naming the offending item where there is one. */
    public static final class InvalidInput extends EmbeddingException {
        public InvalidInput(String detail) {
            super(detail, Map.of());
        }

        public InvalidInput(String detail, int index) {
            super(detail, Map.of("index", index));
        }
    }

    /** The queue is full (429 with Retry-After): the request is refused instead of growing memory. */
    public static final class Busy extends EmbeddingException {
        public Busy(String detail, long retryAfterSeconds) {
            super(detail, Map.of("retryAfterSeconds", retryAfterSeconds));
        }
    }

    /** The request ran past the configured timeout (503 with Retry-After). */
    public static final class TimedOut extends EmbeddingException {
        public TimedOut(String detail) {
            super(detail, Map.of("retryAfterSeconds", 1L));
        }
    }

    /** The model could not be loaded on first use (503 with Retry-After); the next request tries again. */
    public static final class Unavailable extends EmbeddingException {
        public Unavailable(String detail) {
            super(detail, Map.of("retryAfterSeconds", 5L));
        }
    }

    /** A job id that does not exist or has expired (404). */
    public static final class NotFound extends EmbeddingException {
        public NotFound(String detail) {
            super(detail, Map.of());
        }
    }

    /** A job result asked for before the job finished (409). */
    public static final class NotReady extends EmbeddingException {
        public NotReady(String detail) {
            super(detail, Map.of());
        }
    }
}
