package dev.corvid.mlregistry;

import static dev.corvid.mlregistry.RegistryApi.BASE;
import static dev.corvid.mlregistry.RegistryApi.model;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.corvid.platform.api.db.DatabaseConnections;
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

    @Inject
    DatabaseConnections database;

    /**
     * Regression: the model's creation sends its own NOTIFY, and when that arrived after the first read it dropped
     * the cached snapshot, so the "stale" read already saw the change. Waiting for every earlier notification
     * first makes the test deterministic.
     */
    @Test
    void notifyFromAnotherInstanceInvalidatesTheCache() {
        String name = model("notify", 1);
        awaitEarlierNotificationsHandled();
        given().get(BASE + "/models/" + name).then().body("description", equalTo("test model"));

        changeBehindTheApplicationsBack(name);
        given().get(BASE + "/models/" + name).then().body("description", equalTo("test model"));

        notifyAsAnotherInstance(name);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(BASE + "/models/" + name).then()
                .body("description", equalTo("changed elsewhere")));
    }

    /**
     * Returns once the application has handled every notification committed so far. PostgreSQL delivers
     * notifications in commit order, so when a marker sent now has visibly invalidated a probe model's cached
     * snapshot, every notification before it (a creation's own, say) has been handled too.
     */
    private void awaitEarlierNotificationsHandled() {
        String probe = model("notify-probe", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().get(BASE + "/models/" + probe).then().statusCode(200);
            changeBehindTheApplicationsBack(probe);
            notifyAsAnotherInstance(probe);
            given().get(BASE + "/models/" + probe).then().body("description", equalTo("changed elsewhere"));
        });
    }

    private void changeBehindTheApplicationsBack(String name) {
        pool.preparedQuery("UPDATE mlregistry.registered_model SET description = 'changed elsewhere' WHERE name = $1")
                .execute(Tuple.of(name)).await().indefinitely();
    }

    private void notifyAsAnotherInstance(String name) {
        pool.preparedQuery("SELECT pg_notify('corvid_mlregistry_invalidate', $1)").execute(Tuple.of(name))
                .await().indefinitely();
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

    private PgConnectOptions connectOptions() {
        return database.dedicated();
    }
}
