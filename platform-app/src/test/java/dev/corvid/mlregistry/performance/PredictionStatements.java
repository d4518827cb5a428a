package dev.corvid.mlregistry.performance;

/**
 * The store's own SQL for the benchmark, which runs the identical statements raw beside the service. Test code in
 * the store's package, so the store itself stays package-private.
 */
public final class PredictionStatements {

    public static final String INSERT_ONE = PgPredictionStore.INSERT_ONE;
    public static final String INSERT_ALL = PgPredictionStore.INSERT_ALL;
    public static final String RECENT = PgPredictionStore.RECENT;
    public static final String ACCURACY_LAST = PgPredictionStore.ACCURACY_LAST;

    private PredictionStatements() {
    }
}
