package dev.corvid.mlregistry.abtest;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The PostgreSQL {@link AbTestStore} keeps the store contract. */
@QuarkusTest
class PgAbTestStoreTest extends AbTestStoreContract {

    @Inject
    AbTestStore store;

    @Override
    protected AbTestStore store() {
        return store;
    }
}
