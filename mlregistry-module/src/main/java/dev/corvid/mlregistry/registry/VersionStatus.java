package dev.corvid.mlregistry.registry;

/** A model version's registration state, as MLflow names it. */
public enum VersionStatus {
    PENDING_REGISTRATION,
    READY,
    FAILED_REGISTRATION
}
