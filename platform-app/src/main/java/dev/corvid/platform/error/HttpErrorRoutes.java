package dev.corvid.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem bodies for errors that never reach a REST resource: no route at all (404), a body over the limit (413,
 * refused from {@code Content-Length} before the body is read), and failures inside the HTTP layer.
 *
 * <p>Two body limits: {@code corvid.http.max-body-size} for ordinary requests, whose bodies are buffered whole, and
 * {@code quarkus.http.limits.max-body-size} (the hard cap) for the streaming uploads that
 * {@code corvid.http.streaming-paths} names, which are read incrementally and never held in memory. A chunked body
 * without {@code Content-Length} is capped by the same limit while it is read.
 */
@ApplicationScoped
class HttpErrorRoutes {

    private final Problems problems;
    private final ResourceMethods resourceMethods;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final long maxStreamingBytes;
    private final Pattern streamingPaths;

    HttpErrorRoutes(Problems problems, ResourceMethods resourceMethods, ObjectMapper mapper,
            @ConfigProperty(name = "corvid.http.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxStreaming,
            @ConfigProperty(name = "corvid.http.streaming-paths", defaultValue = "(?!)") String streamingPaths) {
        this.problems = problems;
        this.resourceMethods = resourceMethods;
        this.mapper = mapper;
        this.maxBodyBytes = Math.min(maxBody.asLongValue(), maxStreaming.asLongValue());
        this.maxStreamingBytes = maxStreaming.asLongValue();
        this.streamingPaths = Pattern.compile(streamingPaths);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedBody);
        // After Quarkus' own limit handler (order -2), which records the hard cap for bodies without Content-Length.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(ctx -> {
            if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                ctx.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, limit(ctx));
            }
            ctx.next();
        });
        router.errorHandler(404, ctx -> send(ctx, problems.counted(Problem.of(404,
                "No resource at " + ctx.request().method() + " " + ctx.request().path() + ".", ctx.request().path()))));
        router.errorHandler(405, ctx -> {
            String allowed = String.join(", ", resourceMethods.allowed(ctx.request().path()));
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
            send(ctx, problems.counted(Problem.of(405, "Method " + ctx.request().method() + " is not allowed on "
                    + ctx.request().path() + "; allowed: " + allowed + ".", ctx.request().path())));
        });
        router.errorHandler(413, ctx -> send(ctx, tooLarge(ctx)));
        router.errorHandler(500, ctx -> send(ctx, problems.fromFailure(
                ctx.failure() == null ? new IllegalStateException("HTTP layer failed") : ctx.failure(),
                ctx.request().path())));
    }

    private void refuseOversizedBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit(ctx)) {
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    send(ctx, tooLarge(ctx));
                    return;
                }
            } catch (NumberFormatException e) {
                send(ctx, problems.counted(Problem.of(400, "Content-Length '" + length + "' is not a number.",
                        ctx.request().path())));
                return;
            }
        }
        ctx.next();
    }

    private long limit(RoutingContext ctx) {
        return streamingPaths.matcher(ctx.request().path()).matches() ? maxStreamingBytes : maxBodyBytes;
    }

    private Problem tooLarge(RoutingContext ctx) {
        long limit = limit(ctx);
        String property = limit == maxBodyBytes ? "corvid.http.max-body-size" : "quarkus.http.limits.max-body-size";
        return problems.counted(Problem.of(413, "The request body is larger than the limit of " + limit
                + " bytes (" + property + ").", ctx.request().path())
                .with("limitBytes", limit));
    }

    private void send(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + problem.title() + "\",\"status\":" + problem.status() + "}";
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
