package dev.corvid.markov.scope;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The PostgreSQL {@link MarkovStore} keeps the store contract. */
@QuarkusTest
class PgMarkovStoreTest extends MarkovStoreContract {

    @Inject
    MarkovStore store;

    @Override
    protected MarkovStore store() {
        return store;
    }
}
