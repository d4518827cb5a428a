package dev.corvid.platform.error;

import dev.corvid.platform.api.error.ErrorFormat;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;

/**
 * The one builder of error responses: a {@link Problem} rendered as {@code application/problem+json}, or in the
 * format of the API that owns the path ({@link ErrorFormat}), with {@code Retry-After} when the problem carries one.
 */
@Singleton
class ErrorResponses {

    /** A rendered error: its media type and the object to serialise. */
    record Rendered(String mediaType, Object body) {
    }

    private final List<ErrorFormat> formats;

    ErrorResponses(Instance<ErrorFormat> formats) {
        // Longest prefix first, so a narrower API inside a wider one wins.
        this.formats = formats.stream()
                .sorted(Comparator.comparingInt((ErrorFormat f) -> f.pathPrefix().length()).reversed()).toList();
    }

    Rendered render(Problem problem, Throwable failure) {
        String path = problem.instance() == null ? "" : problem.instance();
        for (ErrorFormat format : formats) {
            if (path.startsWith(format.pathPrefix())) {
                return new Rendered(format.mediaType(), format.body(problem.status(), problem.detail(), failure));
            }
        }
        return new Rendered(Problem.MEDIA_TYPE, problem);
    }

    /** The JAX-RS response for a problem; add headers to the builder before building. */
    Response.ResponseBuilder response(Problem problem, Throwable failure) {
        Rendered rendered = render(problem, failure);
        Response.ResponseBuilder builder = Response.status(problem.status()).type(rendered.mediaType())
                .entity(rendered.body());
        Object retry = problem.extensions().get("retryAfterSeconds");
        if (retry != null) {
            builder.header("Retry-After", retry.toString());
        }
        return builder;
    }
}
