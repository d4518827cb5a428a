package dev.corvid.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem bodies for errors that never reach a REST resource: no route at all (404), a body over
 * {@code quarkus.http.limits.max-body-size} (413, refused from {@code Content-Length} before the body is read), and
 * failures inside the HTTP layer.
 */
@ApplicationScoped
class HttpErrorRoutes {

    private final Problems problems;
    private final ResourceMethods resourceMethods;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    HttpErrorRoutes(Problems problems, ResourceMethods resourceMethods, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.problems = problems;
        this.resourceMethods = resourceMethods;
        this.mapper = mapper;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedBody);
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
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
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

    private Problem tooLarge(RoutingContext ctx) {
        return problems.counted(Problem.of(413, "The request body is larger than the limit of " + maxBodyBytes
                + " bytes (quarkus.http.limits.max-body-size).", ctx.request().path())
                .with("limitBytes", maxBodyBytes));
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
