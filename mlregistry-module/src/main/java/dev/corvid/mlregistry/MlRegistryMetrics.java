package dev.corvid.mlregistry;

/**
 * Names of the meters the mlregistry module exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores. Tag values are bounded: model and version tags only ever name versions that exist (their gauges are
 * removed when the version is deleted), never a user id or free text.
 */
public final class MlRegistryMetrics {

    /** Every mlregistry meter name starts with this. */
    public static final String PREFIX = "corvid.mlregistry";

    /** Counter: model versions registered. */
    public static final String REGISTRATIONS = PREFIX + ".registrations";
    /** Counter: lookups by name/version/alias, tag {@link #TAG_RESULT} {@code hit} or {@code miss}. */
    public static final String LOOKUPS = PREFIX + ".lookups";
    /** Counter: cache invalidations, tag {@link #TAG_SOURCE} {@code local} or {@code notify}. */
    public static final String INVALIDATIONS = PREFIX + ".cache.invalidations";
    /** Counter: predictions stored, tag {@link #TAG_MODE} {@code single} or {@code bulk}. */
    public static final String PREDICTIONS = PREFIX + ".predictions";
    /** Timer: one store call (single row or a whole bulk batch), tag {@link #TAG_MODE}. */
    public static final String PREDICTION_INSERT = PREFIX + ".prediction.insert";
    /** Gauge: accuracy (0–1) over the last labelled predictions, per model and version. */
    public static final String ACCURACY = PREFIX + ".accuracy";
    /** Gauge: drift score |Δmean| / (σ/√n), per model and version; alert when above {@code k}. */
    public static final String DRIFT_SCORE = PREFIX + ".drift.score";
    /** Gauge: 1 while the version's recent confidence drifts from its baseline, else 0. */
    public static final String DRIFTING = PREFIX + ".drifting";
    /** Counter: A/B assignments, tags {@link #TAG_TEST} and {@link #TAG_ARM}. */
    public static final String AB_ASSIGNMENTS = PREFIX + ".ab.assignments";

    public static final String TAG_RESULT = "result";
    public static final String TAG_SOURCE = "source";
    public static final String TAG_MODE = "mode";
    public static final String TAG_MODEL = "model";
    public static final String TAG_VERSION = "version";
    public static final String TAG_TEST = "test";
    public static final String TAG_ARM = "arm";

    private MlRegistryMetrics() {
    }
}
