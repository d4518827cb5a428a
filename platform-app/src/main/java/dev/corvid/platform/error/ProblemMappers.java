package dev.corvid.platform.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place REST failures become {@code application/problem+json}. Module code throws; it never builds error
 * responses itself.
 */
class ProblemMappers {

    private final Problems problems;
    private final ResourceMethods resourceMethods;

    ProblemMappers(Problems problems, ResourceMethods resourceMethods) {
        this.problems = problems;
        this.resourceMethods = resourceMethods;
    }

    @ServerExceptionMapper
    Response failure(Throwable failure, HttpServerRequest request) {
        Throwable cause = failure;
        if (cause.getCause() instanceof JsonProcessingException json && cause instanceof WebApplicationException) {
            return json(json, request);
        }
        return respond(problems.fromFailure(failure, request.path()));
    }

    @ServerExceptionMapper
    Response web(WebApplicationException failure, HttpServerRequest request) {
        if (failure.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        }
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return respond(problems.fromFailure(failure, request.path()));
        }
        String path = request.path();
        String detail = switch (status) {
            case 404 -> "No resource at " + request.method() + " " + path + ".";
            case 405 -> "Method " + request.method() + " is not allowed on " + path + "; allowed: "
                    + String.join(", ", resourceMethods.allowed(path)) + ".";
            case 406 -> "None of the media types in Accept (" + request.getHeader(HttpHeaders.ACCEPT)
                    + ") can be produced here.";
            case 415 -> "Content type '" + request.getHeader(HttpHeaders.CONTENT_TYPE)
                    + "' is not supported here; " + (failure instanceof NotSupportedException ? "send application/json."
                            : failure.getMessage());
            default -> failure.getMessage();
        };
        Response.ResponseBuilder builder = problemResponse(problems.counted(Problem.of(status, detail, path)));
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
            ValueInstantiationException.class })
    Response json(JsonProcessingException failure, HttpServerRequest request) {
        String detail;
        if (failure instanceof JsonParseException parse) {
            detail = "Malformed JSON at line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ": " + parse.getOriginalMessage();
        } else if (failure instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'"
                    + " at " + pointer(unknown) + "; known fields: " + unknown.getKnownPropertyIds() + ".";
        } else if (failure instanceof InvalidFormatException format) {
            detail = "Field " + pointer(format) + " must be " + describe(format.getTargetType()) + ", got "
                    + abbreviate(String.valueOf(format.getValue())) + ".";
        } else if (failure instanceof JsonMappingException mapping) {
            detail = "Field " + pointer(mapping) + " has the wrong type: " + mapping.getOriginalMessage()
                    .replaceAll(" at \\[Source.*", "").replaceAll("\\(class [^)]*\\)", "").strip();
        } else {
            detail = "The request body is not valid JSON: " + failure.getOriginalMessage();
        }
        return respond(problems.counted(Problem.of(400, detail, request.path())));
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
                .with("violations", violations)));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    Response unauthenticated(RuntimeException failure, HttpServerRequest request) {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getHeader("X-API-Key") != null;
        String detail = presented ? "The API key is not recognised."
                : "This endpoint needs an API key: send Authorization: Bearer <key> or X-API-Key: <key>.";
        return problemResponse(problems.counted(Problem.of(401, detail, request.path())))
                .header("WWW-Authenticate", "Bearer realm=\"corvid\"").build();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException failure, HttpServerRequest request) {
        return respond(problems.counted(Problem.of(403,
                "The API key's role does not allow " + request.method() + " " + request.path() + ".",
                request.path())));
    }

    private static Response respond(Problem problem) {
        Response.ResponseBuilder builder = problemResponse(problem);
        Object retry = problem.extensions().get("retryAfterSeconds");
        if (retry != null) {
            builder.header("Retry-After", retry.toString());
        }
        return builder.build();
    }

    private static Response.ResponseBuilder problemResponse(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** The offending field as a JSON pointer ({@code /items/3/confidence}). */
    private static String pointer(JsonMappingException failure) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : failure.getPath()) {
            sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()));
        }
        return sb.isEmpty() ? "/" : sb.toString();
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

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName();
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}
