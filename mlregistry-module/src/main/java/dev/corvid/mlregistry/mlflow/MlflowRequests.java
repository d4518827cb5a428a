package dev.corvid.mlregistry.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.mlregistry.MlRegistryException;
import jakarta.inject.Singleton;

/**
 * Request helpers for the MLflow API: DELETE requests carry their arguments in a JSON body (as MLflow's clients
 * send them) or in the query string, and required parameters are named when missing.
 */
@Singleton
class MlflowRequests {

    private final ObjectMapper mapper;

    MlflowRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body parsed as {@code type}, or null when there is none. */
    <T> T optionalBody(String body, Class<T> type) throws JsonProcessingException {
        return body == null || body.isBlank() ? null : mapper.readValue(body, type);
    }

    /** The first non-blank of a body field and a query parameter, or INVALID_PARAMETER_VALUE naming it. */
    static String required(String name, String fromBody, String fromQuery) {
        String value = fromBody != null && !fromBody.isBlank() ? fromBody : fromQuery;
        if (value == null || value.isBlank()) {
            throw new MlRegistryException.InvalidParameter("Missing value for required parameter '" + name + "'.");
        }
        return value;
    }

    static String required(String name, String value) {
        return required(name, value, null);
    }

    /** max_results as MLflow sends it (a number, possibly as a string); 0 when absent. */
    static int maxResults(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed > 0 && parsed <= Integer.MAX_VALUE) {
                return (int) parsed;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new MlRegistryException.InvalidParameter("Invalid value '" + value
                + "' for parameter 'max_results': a positive integer is required.");
    }
}
