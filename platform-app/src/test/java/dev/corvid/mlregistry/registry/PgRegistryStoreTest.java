package dev.corvid.mlregistry.registry;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The PostgreSQL {@link RegistryStore} keeps the store contract. */
@QuarkusTest
class PgRegistryStoreTest extends RegistryStoreContract {

    @Inject
    RegistryStore store;

    @Override
    protected RegistryStore store() {
        return store;
    }
}
