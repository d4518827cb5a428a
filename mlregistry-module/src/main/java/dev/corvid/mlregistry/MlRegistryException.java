package dev.corvid.mlregistry;

import dev.corvid.platform.api.error.CorvidException;
import java.util.Map;

/**
 * Base of the registry's own failures. Each carries the MLflow error code the MLflow-compatible API answers with;
 * its HTTP status comes from {@link MlRegistryErrors}.
 */
public abstract class MlRegistryException extends CorvidException {

    private final String mlflowErrorCode;
    private final Map<String, Object> extensions;

    protected MlRegistryException(String detail, String mlflowErrorCode, Map<String, Object> extensions) {
        super(detail);
        this.mlflowErrorCode = mlflowErrorCode;
        this.extensions = Map.copyOf(extensions);
    }

    /** {@code RESOURCE_DOES_NOT_EXIST}, {@code RESOURCE_ALREADY_EXISTS}, {@code INVALID_PARAMETER_VALUE} … */
    public String mlflowErrorCode() {
        return mlflowErrorCode;
    }

    @Override
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** A model, version, alias, baseline or A/B test that does not exist. */
    public static final class NotFound extends MlRegistryException {
        public NotFound(String detail) {
            super(detail, "RESOURCE_DOES_NOT_EXIST", Map.of());
        }
    }

    /** A missing model, worded as MLflow words it. */
    public static NotFound modelNotFound(String name) {
        return new NotFound("Registered Model with name=" + name + " not found");
    }

    /** A missing version, worded as MLflow words it. */
    public static NotFound versionNotFound(String name, int version) {
        return new NotFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    /** A name that is taken. MLflow answers this with 400, and so do we on both APIs. */
    public static final class AlreadyExists extends MlRegistryException {
        public AlreadyExists(String detail) {
            super(detail, "RESOURCE_ALREADY_EXISTS", Map.of());
        }
    }

    /** A value the request may not have: a bad version string, NaN confidence, an oversize batch. */
    public static final class InvalidParameter extends MlRegistryException {
        public InvalidParameter(String detail) {
            super(detail, "INVALID_PARAMETER_VALUE", Map.of());
        }

        /** For a bulk request: names the offending row, so the client can fix it and resend the whole batch. */
        public InvalidParameter(String detail, int rowIndex) {
            super(detail, "INVALID_PARAMETER_VALUE", Map.of("rowIndex", rowIndex));
        }
    }

    /** The request is valid but conflicts with the current state (stopping a stopped test). */
    public static final class InvalidState extends MlRegistryException {
        public InvalidState(String detail) {
            super(detail, "INVALID_STATE", Map.of());
        }
    }
}
