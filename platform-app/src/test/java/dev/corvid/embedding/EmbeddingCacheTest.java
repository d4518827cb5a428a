package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the embedding-cache flag on, a repeated text is served from the content-hash cache, per model and options.
 * This profile also runs {@code corvid.embedding.model=auto}: int8 exactly where this CPU has AMX or VNNI.
 */
@QuarkusTest
@TestProfile(EmbeddingCacheTest.CacheOn.class)
class EmbeddingCacheTest {

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.features.embedding-cache.enabled", "true", "corvid.embedding.model", "auto");
        }
    }

    private static double counter(String result) {
        return given().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("corvid_embedding_cache_requests_total{") && l.contains("result=\"" + result))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<Float> embed(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/embeddings").then().statusCode(200)
                .extract().path("data[0].embedding");
    }

    @Test
    void autoPicksInt8ExactlyWhereTheCpuHasInt8UnitsAndSaysWhy() {
        var unit = dev.corvid.embedding.model.CpuFeatures.read().int8Unit();
        String choice = given().get("/api/v1/embeddings/status").then().statusCode(200)
                .body("model", org.hamcrest.Matchers.equalTo(unit.isPresent() ? "bge-small-en-v1.5-int8"
                        : "bge-small-en-v1.5"))
                .extract().path("modelChoice");
        assertThat(choice).startsWith(unit.isPresent() ? "auto: int8 on " + unit.get() + ", start-up check passed"
                : "auto: fp32, the CPU has no");
        List<Float> vector = embed(Map.of("input", "The quick brown fox jumps over the lazy dog."));
        assertThat(vector).hasSize(384);
    }

    @Test
    void repeatsAreHitsAndOptionsAreKeptApart() {
        String text = "cache me " + System.nanoTime();
        double hits = counter("hit");
        double misses = counter("miss");
        List<Float> first = embed(Map.of("input", text));
        List<Float> second = embed(Map.of("input", text));
        assertThat(second).isEqualTo(first);
        assertThat(counter("hit")).isEqualTo(hits + 1);
        assertThat(counter("miss")).isEqualTo(misses + 1);
        List<Float> mean = embed(Map.of("input", text, "pooling", "mean"));
        assertThat(mean).isNotEqualTo(first);
        assertThat(counter("miss")).as("other options, other key").isEqualTo(misses + 2);
    }
}
