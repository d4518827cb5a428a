package dev.corvid.platform.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.corvid.platform.json.InvalidJsonValue;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place REST failures become {@code application/problem+json}. Module code throws; it never builds error
 * responses itself.
 */
class ProblemMappers {

    private final Problems problems;
    private final ResourceMethods resourceMethods;
    private final ErrorResponses responses;
    private final long maxBodyBytes;

    ProblemMappers(Problems problems, ResourceMethods resourceMethods, ErrorResponses responses,
            @ConfigProperty(name = "corvid.http.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.maxBodyBytes = maxBody.asLongValue();
        this.problems = problems;
        this.resourceMethods = resourceMethods;
        this.responses = responses;
    }

    @ServerExceptionMapper
    Response failure(Throwable failure, HttpServerRequest request) {
        if (failure.getCause() instanceof JsonProcessingException json && failure instanceof WebApplicationException) {
            return json(json, request);
        }
        return respond(problems.fromFailure(failure, request.path()), failure);
    }

    @ServerExceptionMapper
    Response web(WebApplicationException failure, HttpServerRequest request) {
        if (failure.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        }
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return respond(problems.fromFailure(failure, request.path()), failure);
        }
        String path = request.path();
        String detail = switch (status) {
            case 404 -> ResourceMethods.noResource(request.method().name(), path);
            case 405 -> resourceMethods.notAllowed(request.method().name(), path);
            case 406 -> "None of the media types in Accept (" + request.getHeader(HttpHeaders.ACCEPT)
                    + ") can be produced here.";
            case 415 -> request.getHeader(HttpHeaders.CONTENT_TYPE) == null
                    ? "The request has a body but no Content-Type; send Content-Type: application/json."
                    : "Content type '" + request.getHeader(HttpHeaders.CONTENT_TYPE) + "' is not supported here; "
                            + (failure instanceof NotSupportedException ? "send application/json."
                                    : failure.getMessage());
            default -> failure.getMessage();
        };
        Problem problem = problems.counted(Problem.of(status, detail, path));
        Response.ResponseBuilder builder = responses.response(problem, status == 404 ? null : failure);
        if (status == 405) {
            builder.header(HttpHeaders.ALLOW, String.join(", ", resourceMethods.allowed(path)));
        }
        return builder.build();
    }

    /**
     * Listed types are as specific as Quarkus' own Jackson mappers, which answer plain JSON and would otherwise win.
     */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, UnrecognizedPropertyException.class,
            ValueInstantiationException.class, InvalidJsonValue.class })
    Response json(JsonProcessingException failure, HttpServerRequest request) {
        if (documentTooLong(failure)) {
            return respond(problems.counted(Problem.of(413, "The request body is larger than the limit of "
                    + maxBodyBytes + " bytes (corvid.http.max-body-size).", request.path())
                    .with("limitBytes", maxBodyBytes)), failure);
        }
        Problem problem = Problem.of(400, JsonErrors.detail(failure), request.path());
        String pointer = JsonErrors.pointerOrNull(failure);
        return respond(problems.counted(pointer == null ? problem : problem.with("pointer", pointer)), failure);
    }

    @ServerExceptionMapper
    Response validation(ConstraintViolationException failure, HttpServerRequest request) {
        List<Map<String, String>> violations = new ArrayList<>();
        failure.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .forEach(v -> violations.add(Map.of("field", field(v), "message", v.getMessage())));
        String detail = violations.stream().map(v -> v.get("field") + " " + v.get("message"))
                .collect(Collectors.joining("; "));
        return respond(problems.counted(Problem.of(400, "Invalid request: " + detail + ".", request.path())
                .with("violations", violations)), failure);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    Response unauthenticated(RuntimeException failure, HttpServerRequest request) {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getHeader("X-API-Key") != null;
        String detail = presented ? "The API key is not recognised."
                : "This endpoint needs an API key: send Authorization: Bearer <key> or X-API-Key: <key>.";
        return responses.response(problems.counted(Problem.of(401, detail, request.path())), failure)
                .header("WWW-Authenticate", "Bearer realm=\"corvid\"").build();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException failure, HttpServerRequest request) {
        return respond(problems.counted(Problem.of(403,
                "The API key's role does not allow " + request.method() + " " + request.path() + ".",
                request.path())), failure);
    }

    /** Whether the JSON reader stopped at the body limit ({@link StreamConstraintsException}, perhaps wrapped). */
    private static boolean documentTooLong(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException limit && limit.getOriginalMessage() != null
                    && limit.getOriginalMessage().startsWith("Document length")) {
                return true;
            }
        }
        return false;
    }

    private Response respond(Problem problem, Throwable failure) {
        return responses.response(problem, failure).build();
    }

    /**
     * A validation path without the method and parameter names ({@code create.body.name} → {@code name}); a
     * violation on a parameter itself (a query parameter) is named after the parameter.
     */
    private static String field(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        String parameter = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, RETURN_VALUE -> parts.clear();
                case PARAMETER -> {
                    parts.clear();
                    parameter = node.getName();
                }
                default -> {
                    Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                    if (node.isInIterable() && position != null && !parts.isEmpty()) {
                        parts.set(parts.size() - 1, parts.getLast() + "[" + position + "]");
                    }
                    if (node.getName() != null && !node.getName().startsWith("<")) {
                        parts.add(node.getName());
                    }
                }
            }
        }
        return parts.isEmpty() ? parameter : String.join(".", parts);
    }
}
