package dev.corvid.mlregistry.mlflow;

import com.fasterxml.jackson.core.JsonParseException;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.platform.api.error.ErrorFormat;
import jakarta.inject.Singleton;

/**
 * MLflow's error body, {@code {"error_code": …, "message": …}}, for every error under {@code /api/2.0/mlflow/}:
 * the registry's own failures carry their MLflow code, everything else takes the code MLflow uses for its status.
 */
@Singleton
class MlflowErrorFormat implements ErrorFormat {

    static final String PREFIX = "/api/2.0/mlflow/";

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    @Override
    public Object body(int status, String detail, Throwable failure) {
        return new MlflowJson.Error(code(status, failure), detail);
    }

    static String code(int status, Throwable failure) {
        if (failure instanceof MlRegistryException registry) {
            return registry.mlflowErrorCode();
        }
        return switch (status) {
            case 400 -> failure instanceof JsonParseException ? "MALFORMED_REQUEST" : "INVALID_PARAMETER_VALUE";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> failure == null ? "ENDPOINT_NOT_FOUND" : "RESOURCE_DOES_NOT_EXIST";
            case 409 -> "INVALID_STATE";
            case 429 -> "REQUEST_LIMIT_EXCEEDED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}
