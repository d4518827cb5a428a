package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An artificial memory squeeze (a 64 MB limit the process is far above): the controller enters emergency mode,
 * one worker and small batches, and requests are still answered.
 */
@QuarkusTest
@TestProfile(EmbeddingMemorySqueezeTest.Squeezed.class)
class EmbeddingMemorySqueezeTest {

    public static class Squeezed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.embedding.pool.memory-limit-mb", "64",
                    "corvid.embedding.pool.sample-interval", "0.1S",
                    "corvid.embedding.pool.profile", "cloud");
        }
    }

    @Test
    void emergencyModeKeepsServing() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/embeddings/status").then()
                .statusCode(200).body("pool.state", equalTo("EMERGENCY")).body("pool.workers", equalTo(1))
                .body("pool.batchTokens", equalTo(128)));
        given().contentType(ContentType.JSON).body(Map.of("input", Collections.nCopies(100, "still answering")))
                .post("/v1/embeddings").then().statusCode(200).body("data", hasSize(100));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "state=\"emergency\"} 1.0"));
    }
}
