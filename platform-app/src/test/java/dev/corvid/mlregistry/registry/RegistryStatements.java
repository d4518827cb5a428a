package dev.corvid.mlregistry.registry;

/**
 * The store's own SQL for the benchmark, which runs the identical statements raw beside the service. Test code in
 * the store's package, so the store itself stays package-private.
 */
public final class RegistryStatements {

    public static final String CREATE_VERSION = PgRegistryStore.CREATE_VERSION;
    public static final String PUT_BASELINE = PgRegistryStore.PUT_BASELINE;

    private RegistryStatements() {
    }
}
