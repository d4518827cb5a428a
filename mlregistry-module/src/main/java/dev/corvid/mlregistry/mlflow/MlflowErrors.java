package dev.corvid.mlregistry.mlflow;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.platform.api.error.FailureClassifier;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Renders failures on the MLflow API as MLflow does: {@code {"error_code": …, "message": …}} with MLflow's statuses
 * (already-exists and bad parameters are 400, missing is 404). Everything the registry does not own is classified
 * by the platform, so outages still answer 503 with {@code Retry-After}.
 */
@Singleton
class MlflowErrors {

    private final FailureClassifier classifier;

    MlflowErrors(FailureClassifier classifier) {
        this.classifier = classifier;
    }

    Response toResponse(Throwable failure, String path) {
        if (failure instanceof MlRegistryException e) {
            int status = switch (e) {
                case MlRegistryException.NotFound ignored -> 404;
                default -> 400;
            };
            return error(status, e.mlflowErrorCode(), e.getMessage());
        }
        if (failure instanceof JsonParseException parse) {
            return error(400, "MALFORMED_REQUEST", "Malformed JSON: " + parse.getOriginalMessage());
        }
        if (failure instanceof JsonProcessingException json) {
            return error(400, "INVALID_PARAMETER_VALUE", "Invalid value in request: " + json.getOriginalMessage()
                    .replaceAll(" at \\[Source.*", "").replaceAll("\\(class [^)]*\\)", "").strip());
        }
        if (failure instanceof WebApplicationException web && web.getCause() instanceof JsonProcessingException json) {
            return toResponse(json, path);
        }
        if (failure instanceof ConstraintViolationException violations) {
            return error(400, "INVALID_PARAMETER_VALUE", violations.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .reduce((a, b) -> a + "; " + b).orElse("Invalid request"));
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            return Response.fromResponse(error(401, "UNAUTHENTICATED", "An API key is needed: send "
                    + "Authorization: Bearer <key>.")).header("WWW-Authenticate", "Bearer realm=\"corvid\"").build();
        }
        if (failure instanceof ForbiddenException) {
            return error(403, "PERMISSION_DENIED", "The API key's role does not allow this request.");
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return error(status, status == 404 ? "ENDPOINT_NOT_FOUND" : "BAD_REQUEST", web.getMessage());
        }
        FailureClassifier.Classified classified = classifier.classify(failure, path);
        String code = switch (classified.status()) {
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            case 404 -> "RESOURCE_DOES_NOT_EXIST";
            case 400 -> "INVALID_PARAMETER_VALUE";
            default -> classified.status() >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
        Response.ResponseBuilder response = Response.status(classified.status()).type(MediaType.APPLICATION_JSON)
                .entity(new MlflowJson.Error(code, classified.detail()));
        if (classified.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(classified.retryAfterSeconds()));
        }
        return response.build();
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new MlflowJson.Error(code, message))
                .build();
    }
}
