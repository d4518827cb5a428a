package dev.corvid.platform.api.error;

import java.time.Duration;

/**
 * A dependency (the database, a worker pool) cannot serve now but should soon; a 503 with {@code Retry-After}.
 */
public class ServiceUnavailableException extends CorvidException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String detail, Duration retryAfter, Throwable cause) {
        super(detail, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the caller should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
