package dev.corvid.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import dev.corvid.platform.api.module.CorvidModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem bodies for errors that never reach a REST resource: no route at all (404), a body over the limit (413,
 * refused from {@code Content-Length} before the body is read), and failures inside the HTTP layer.
 *
 * <p>Two body limits: {@code corvid.http.max-body-size} for ordinary requests, whose bodies are buffered whole, and
 * {@code quarkus.http.limits.max-body-size} (the hard cap) for the streaming uploads that
 * the modules declare ({@link CorvidModule#streamingPaths()}, plus {@code corvid.http.streaming-paths}), which are read incrementally and never held in memory. A chunked body
 * without {@code Content-Length} is capped by the same limit while it is read.
 */
@ApplicationScoped
class HttpErrorRoutes {

    private final Problems problems;
    private final ResourceMethods resourceMethods;
    private final ErrorResponses responses;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final long maxStreamingBytes;
    private final Pattern streamingPaths;
    private final int maxUriLength;
    private final long maxHeaderBytes;

    HttpErrorRoutes(Problems problems, ResourceMethods resourceMethods, ErrorResponses responses, ObjectMapper mapper,
            @ConfigProperty(name = "corvid.http.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxStreaming,
            Instance<CorvidModule> modules,
            @ConfigProperty(name = "corvid.http.streaming-paths") Optional<String> extraStreamingPaths,
            @ConfigProperty(name = "corvid.http.max-uri-length", defaultValue = "8192") int maxUriLength,
            @ConfigProperty(name = "corvid.http.max-header-size", defaultValue = "20K") MemorySize maxHeaders) {
        this.problems = problems;
        this.resourceMethods = resourceMethods;
        this.responses = responses;
        this.mapper = mapper;
        this.maxBodyBytes = Math.min(maxBody.asLongValue(), maxStreaming.asLongValue());
        this.maxStreamingBytes = maxStreaming.asLongValue();
        List<String> streaming = new ArrayList<>();
        modules.forEach(module -> streaming.addAll(module.streamingPaths()));
        extraStreamingPaths.ifPresent(streaming::add);
        this.streamingPaths = Pattern.compile(streaming.isEmpty() ? "(?!)"
                : streaming.stream().map(p -> "(?:" + p + ")").collect(Collectors.joining("|")));
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaders.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedRequest);
        // After Quarkus' own limit handler (order -2), which records the hard cap for bodies without Content-Length.
        // An ordinary chunked body is JSON, capped at corvid.http.max-body-size by the JSON reader's document
        // length (a 413 in the API's format, see StrictJson); the HTTP layer's cap sits above that as a backstop,
        // since its own 413 has no body.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(ctx -> {
            if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                long limit = limit(ctx);
                ctx.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY,
                        limit == maxBodyBytes ? Math.min(maxStreamingBytes, 2 * limit + (1 << 20)) : limit);
            }
            ctx.next();
        });
        router.errorHandler(404, ctx -> send(ctx, problems.counted(Problem.of(404,
                ResourceMethods.noResource(ctx.request().method().name(), ctx.request().path()), safePath(ctx)))));
        router.errorHandler(405, ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ",
                    resourceMethods.allowed(ctx.request().path())));
            send(ctx, problems.counted(Problem.of(405, resourceMethods.notAllowed(ctx.request().method().name(),
                    ctx.request().path()), ctx.request().path())));
        });
        router.errorHandler(413, ctx -> send(ctx, tooLarge(ctx)));
        // Failures of the HTTP layer before any resource (Vert.x Web's 400 for a request it cannot route, say):
        // answered here in the API's format rather than by Quarkus' generic JSON error page.
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() >= 400 && ctx.statusCode() < 500
                    && (ctx.failure() == null || ctx.failure() instanceof VertxException)) {
                String reason = ctx.failure() != null && ctx.failure().getMessage() != null
                        ? ctx.failure().getMessage() : HttpResponseStatus.valueOf(ctx.statusCode()).reasonPhrase();
                send(ctx, problems.counted(Problem.of(ctx.statusCode(), "The request is malformed: "
                        + abbreviate(reason) + ".", safePath(ctx))));
            } else {
                ctx.next();
            }
        });
        router.errorHandler(500, ctx -> send(ctx, problems.fromFailure(
                ctx.failure() == null ? new IllegalStateException("HTTP layer failed") : ctx.failure(),
                ctx.request().path())));
    }

    /**
     * The URI and header limits, answered in the API's format. The HTTP codec's own limits
     * ({@code quarkus.http.limits.max-initial-line-length}, {@code .max-header-size}) are set well above these, so
     * an ordinary oversized request reaches this handler instead of getting the codec's empty answer.
     */
    private void refuseOversizedRequest(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri != null && uri.length() > maxUriLength) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            send(ctx, problems.counted(Problem.of(414, "The request URI has " + uri.length()
                    + " characters; the limit is " + maxUriLength + " (corvid.http.max-uri-length).", safePath(ctx))));
            return;
        }
        long headerBytes = 0;
        for (var header : ctx.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            send(ctx, problems.counted(Problem.of(431, "The request headers take " + headerBytes
                    + " bytes; the limit is " + maxHeaderBytes + " (corvid.http.max-header-size).", safePath(ctx))));
            return;
        }
        if (hasBody(ctx) && ctx.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            send(ctx, problems.counted(Problem.of(415, "The request has a body but no Content-Type; send"
                    + " Content-Type: application/json.", safePath(ctx))));
            return;
        }
        refuseOversizedBody(ctx);
    }

    private static boolean hasBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !length.strip().equals("0")
                : ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
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
        ErrorResponses.Rendered rendered = responses.render(problem, null);
        String body;
        try {
            body = mapper.writeValueAsString(rendered.body());
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + problem.title() + "\",\"status\":" + problem.status() + "}";
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, rendered.mediaType())
                .end(body);
    }

    /** The request's path for the problem's {@code instance}, or its raw form when it could not be decoded. */
    private static String safePath(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null) {
            return "/";
        }
        return path.length() > 200 ? path.substring(0, 200) : path;
    }

    private static String abbreviate(String value) {
        return value.length() > 120 ? value.substring(0, 117) + "..." : value;
    }
}
