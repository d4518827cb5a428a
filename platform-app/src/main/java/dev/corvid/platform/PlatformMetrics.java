package dev.corvid.platform;

/**
 * Names of the meters the platform itself exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores ({@code corvid_platform_feature_enabled}). Tag values are bounded.
 */
public final class PlatformMetrics {

    /** Every platform meter name starts with this. */
    public static final String PREFIX = "corvid.platform";

    /** Gauge, 1 while a feature flag is enabled. Tag {@link #TAG_FLAG}. */
    public static final String FEATURE_ENABLED = PREFIX + ".feature.enabled";
    /** Gauge, the rollout percentage of an enabled flag (0 when disabled). Tag {@link #TAG_FLAG}. */
    public static final String FEATURE_ROLLOUT = PREFIX + ".feature.rollout.percent";
    /** Counter of problem responses by status class and status. Tags {@link #TAG_STATUS}. */
    public static final String ERRORS = PREFIX + ".errors";
    /** Gauge, 1 while a readiness check is UP. Tag {@link #TAG_CHECK}; {@code all} is {@code /q/health/ready}. */
    public static final String READY = PREFIX + ".ready";

    /**
     * Gauge, the process's resident set size in bytes ({@code process_resident_memory_bytes}, the name Prometheus'
     * own process collectors use): heap, native ONNX Runtime memory and metaspace together.
     */
    public static final String PROCESS_RESIDENT_MEMORY = "process.resident.memory";

    /** Flag name: bounded by the flags modules define. */
    public static final String TAG_FLAG = "flag";
    /** HTTP status of a problem response. */
    public static final String TAG_STATUS = "status";
    /** Readiness check name: the database, one per module, one per configured Discord shard, and {@code all}. */
    public static final String TAG_CHECK = "check";

    private PlatformMetrics() {
    }
}
