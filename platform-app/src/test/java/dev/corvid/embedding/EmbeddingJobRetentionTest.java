package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.corvid.platform.support.ApiKeys;
import dev.corvid.platform.support.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finished job is kept for {@code corvid.embedding.jobs.retention}, then dropped: time is moved, not waited for. */
@QuarkusTest
@TestProfile(EmbeddingJobRetentionTest.MovedTime.class)
class EmbeddingJobRetentionTest {

    public static class MovedTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.arc.selected-alternatives", MovableClock.class.getName(),
                    "corvid.embedding.jobs.retention", "1H");
        }
    }

    @Inject
    MovableClock clock;

    @Test
    void aFinishedJobIsKeptForTheRetentionThenDropped() {
        var writer = given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
        String id = writer.body(Map.of("input", List.of("kept for an hour", "then gone"))).post(
                "/api/v1/embeddings/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/embeddings/jobs/" + id)
                .then().statusCode(200).body("state", equalTo("SUCCEEDED")));

        clock.advance(Duration.ofMinutes(59));
        // Starting another job sweeps finished ones; this one is still within its hour.
        writer.body(Map.of("input", List.of("a sweep"))).post("/api/v1/embeddings/jobs").then().statusCode(202);
        given().get("/api/v1/embeddings/jobs/" + id).then().statusCode(200);
        given().get("/api/v1/embeddings/jobs/" + id + "/result").then().statusCode(200);

        clock.advance(Duration.ofMinutes(2));
        writer.body(Map.of("input", List.of("another sweep"))).post("/api/v1/embeddings/jobs").then().statusCode(202);
        given().get("/api/v1/embeddings/jobs/" + id).then().statusCode(404);
    }
}
