package dev.corvid.platform.api.error;

/**
 * An API whose errors have their own shape (MLflow's {@code {"error_code", "message"}}). A module produces one as a
 * CDI bean; the platform answers every error under {@link #pathPrefix()} with it (from a resource, from validation,
 * from security, or from the HTTP layer itself: unknown routes, wrong methods, oversized bodies), keeping the
 * platform's statuses and headers ({@code Retry-After}, {@code Allow}, {@code WWW-Authenticate}). Everywhere else
 * errors are RFC 9457 problem details.
 */
public interface ErrorFormat {

    /** The path prefix this format owns, such as {@code /api/2.0/mlflow/}. */
    String pathPrefix();

    /** The media type of the error body. */
    default String mediaType() {
        return "application/json";
    }

    /**
     * The body for an error.
     *
     * @param status  the HTTP status the platform answers with
     * @param detail  what was wrong, safe to show
     * @param failure the exception behind it, or null for errors of the HTTP layer
     */
    Object body(int status, String detail, Throwable failure);
}
