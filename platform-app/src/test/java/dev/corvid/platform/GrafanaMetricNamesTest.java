package dev.corvid.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboards and Prometheus alert rules read is exported under exactly that name, so a
 * renamed meter breaks this test instead of a panel (deploy/test/prometheus-test.sh also evaluates each expression in
 * a real Prometheus scraping the packaged platform).
 */
@QuarkusTest
class GrafanaMetricNamesTest {

    @Test
    void everyMetricTheDashboardsReadIsExported() {
        Set<String> wanted = new TreeSet<>(GrafanaMetrics.read());
        assertThat(wanted).contains("corvid_mlregistry_drifting", "corvid_platform_errors_total",
                "corvid_markov_generate_seconds_bucket", "corvid_markov_cache_chains", "corvid_platform_ready",
                "corvid_embedding_inference_seconds_bucket", "corvid_embedding_pool_state",
                "process_resident_memory_bytes", "jvm_memory_used_bytes", "sql_pool_active",
                "corvid_discord_reply_latency_seconds_bucket");
        // The Discord connector's meters exist only where it runs: DiscordBotTest checks those names.
        wanted.removeIf(name -> name.startsWith("corvid_discord_"));
        exerciseEveryMeter();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(GrafanaMetrics.exported()).as("metrics exported at /q/metrics").containsAll(wanted));
    }

    /** Meters appear once used: register, look up, store predictions, set a baseline, assign, fail once. */
    private static void exerciseEveryMeter() {
        var writer = given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
        String model = "metrics-" + System.nanoTime();
        String base = "/api/v1/registry/models/" + model;
        writer.body(Map.of("name", model)).post("/api/v1/registry/models").then().statusCode(201);
        for (int v = 1; v <= 2; v++) {
            given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                    .body(Map.of("source", "s3://m/" + v)).post(base + "/versions").then().statusCode(201);
        }
        given().get(base + "/versions/1").then().statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .body(List.of(Map.of("predicted", "a", "actual", "a", "confidence", 0.9)))
                .post(base + "/versions/1/predictions/bulk").then().statusCode(201);
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .body(Map.of("mean", 0.9, "stddev", 0.05, "count", 100)).put(base + "/versions/1/baseline").then()
                .statusCode(200);
        String test = "metrics-ab-" + System.nanoTime();
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .body(Map.of("name", test, "model", model, "versionA", 1, "versionB", 2, "trafficToB", 0.5))
                .post("/api/v1/registry/ab-tests").then().statusCode(201);
        given().queryParam("key", "k").get("/api/v1/registry/ab-tests/" + test + "/assignment").then().statusCode(200);
        // A 5xx for corvid_platform_errors_total{status="5.."}: the 503 of an open circuit is not available here,
        // but the counter is one meter whatever the status, so any problem response creates it.
        given().get("/no/such/route").then().statusCode(404);
        // Markov: learn enough to write a snapshot (the test profile snapshots every 100 changes), generate, forget.
        String scope = "metrics-" + System.nanoTime();
        List<Map<String, Object>> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            messages.add(Map.of("id", "m" + i, "content", "message number " + i + " says hello to the metrics"));
        }
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER)).body(messages)
                .post("/api/v1/markov/scopes/" + scope + "/messages/batch").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("randomSeed", 1))
                .post("/api/v1/markov/scopes/" + scope + "/generate").then().statusCode(200);
        given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .delete("/api/v1/markov/scopes/" + scope + "/messages/m1").then().statusCode(200);
        // Embedding: one request runs a batch (texts, tokens, batch and queue meters).
        given().contentType(ContentType.JSON).body(Map.of("input", List.of("metrics", "more metrics")))
                .post("/v1/embeddings").then().statusCode(200);
    }
}
