package dev.corvid.mlregistry;

/**
 * Names of the meters the mlregistry module exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores. Tag values are bounded: never a user id or free text.
 */
public final class MlRegistryMetrics {

    /** Every mlregistry meter name starts with this. */
    public static final String PREFIX = "corvid.mlregistry";

    private MlRegistryMetrics() {
    }
}
