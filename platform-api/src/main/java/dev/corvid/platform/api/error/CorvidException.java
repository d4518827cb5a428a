package dev.corvid.platform.api.error;

import java.util.Map;

/**
 * Base of every exception a module throws on purpose. Its message is the problem's {@code detail} and is shown to
 * the caller, so it must say what was wrong without leaking internals. Each module maps its subclasses to HTTP
 * statuses in one {@link ErrorStatusTable}; the platform renders them as RFC 9457 {@code application/problem+json}.
 */
public abstract class CorvidException extends RuntimeException {

    protected CorvidException(String detail) {
        super(detail);
    }

    protected CorvidException(String detail, Throwable cause) {
        super(detail, cause);
    }

    /** Extra members for the problem body (a row index, a limit …); names are camelCase, values JSON-serialisable. */
    public Map<String, Object> extensions() {
        return Map.of();
    }
}
