package dev.corvid.mlregistry.performance;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** The PostgreSQL {@link PredictionStore} keeps the store contract. */
@QuarkusTest
class PgPredictionStoreTest extends PredictionStoreContract {

    @Inject
    PredictionStore store;

    @Inject
    Pool pool;

    @Override
    protected PredictionStore store() {
        return store;
    }

    @Override
    protected Pool pool() {
        return pool;
    }
}
