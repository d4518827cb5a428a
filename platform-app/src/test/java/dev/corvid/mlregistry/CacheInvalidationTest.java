package dev.corvid.mlregistry;

import static dev.corvid.mlregistry.RegistryApi.BASE;
import static dev.corvid.mlregistry.RegistryApi.model;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Another instance's write reaches this instance's cache only through PostgreSQL NOTIFY. The test plays that other
 * instance: it changes a row behind the application's back (so the cache is stale, proving it is used), then
 * notifies, and the next reads see the change.
 */
@QuarkusTest
class CacheInvalidationTest {

    @Inject
    Pool pool;

    @Test
    void notifyFromAnotherInstanceInvalidatesTheCache() {
        String name = model("notify", 1);
        given().get(BASE + "/models/" + name).then().body("description", equalTo("test model"));

        pool.preparedQuery("UPDATE mlregistry.registered_model SET description = 'changed elsewhere' WHERE name = $1")
                .execute(Tuple.of(name)).await().indefinitely();
        given().get(BASE + "/models/" + name).then().body("description", equalTo("test model"));

        pool.preparedQuery("SELECT pg_notify('corvid_mlregistry_invalidate', $1)").execute(Tuple.of(name))
                .await().indefinitely();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(BASE + "/models/" + name).then()
                .body("description", equalTo("changed elsewhere")));
    }

    @Test
    void aWriteNotifiesOtherInstances() {
        String name = model("notifies", 1);
        CompletableFuture<String> received = new CompletableFuture<>();
        Vertx vertx = Vertx.vertx();
        PgSubscriber otherInstance = PgSubscriber.subscriber(vertx, connectOptions());
        otherInstance.channel("corvid_mlregistry_invalidate").handler(payload -> {
            if (payload.equals(name)) {
                received.complete(payload);
            }
        });
        otherInstance.connect().await().indefinitely();
        try {
            RegistryApi.writer().body(Map.of("description", "new")).patch(BASE + "/models/" + name).then()
                    .statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(received::isDone);
        } finally {
            otherInstance.close().await().indefinitely();
            vertx.close().await().indefinitely();
        }
    }

    private static PgConnectOptions connectOptions() {
        var config = ConfigProvider.getConfig();
        var options = PgConnectOptions.fromUri(
                config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
