package dev.corvid.markov;

import dev.corvid.platform.api.error.CorvidException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Base of the markov module's own failures; statuses come from {@link MarkovErrors}. */
public abstract class MarkovException extends CorvidException {

    private final Map<String, Object> extensions;

    protected MarkovException(String detail, Map<String, Object> extensions) {
        super(detail);
        this.extensions = Map.copyOf(extensions);
    }

    @Override
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** A scope or message that does not exist (404). */
    public static final class NotFound extends MarkovException {
        public NotFound(String detail) {
            super(detail, Map.of());
        }
    }

    /** A message, option or import the module cannot take (400); names the offending item where there is one. */
    public static final class InvalidInput extends MarkovException {
        public InvalidInput(String detail) {
            super(detail, Map.of());
        }

        public InvalidInput(String detail, Map<String, Object> extensions) {
            super(detail, extensions);
        }
    }

    /** The training queue is full (429 with Retry-After): back-pressure instead of unbounded memory. */
    public static final class Busy extends MarkovException {
        public Busy(String detail, Duration retryAfter) {
            super(detail, Map.of("retryAfterSeconds", Math.max(1, retryAfter.toSeconds())));
        }
    }

    /**
     * An import stopped part-way (400): what was acknowledged before the failure is stored, and {@code resumeAfter}
     * names the last stored message so the client can send the rest.
     */
    public static final class ImportFailed extends MarkovException {
        public ImportFailed(String detail, long acknowledged, String resumeAfter) {
            super(detail, extensions(acknowledged, resumeAfter));
        }

        private static Map<String, Object> extensions(long acknowledged, String resumeAfter) {
            Map<String, Object> map = new HashMap<>();
            map.put("acknowledged", acknowledged);
            if (resumeAfter != null) {
                map.put("resumeAfter", resumeAfter);
            }
            return map;
        }
    }
}
