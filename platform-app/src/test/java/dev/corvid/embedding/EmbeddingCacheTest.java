package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * With the embedding-cache flag on, a repeated text is served from the content-hash cache, per model and options.
 * This profile also runs {@code corvid.embedding.model=auto} (int8 exactly where this CPU has AMX or VNNI) with
 * {@code corvid.embedding.load=first-use}: nothing is loaded until the first text to embed.
 */
@QuarkusTest
@TestProfile(EmbeddingCacheTest.CacheOn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddingCacheTest {

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.features.embedding-cache.enabled", "true", "corvid.embedding.model", "auto",
                    "corvid.embedding.load", "first-use");
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
    @Order(1)
    void firstUseLoadsNothingUntilTheFirstEmbeddingThenAutoPicksInt8ExactlyWhereTheCpuHasInt8Units() {
        given().get("/api/v1/embeddings/status").then().statusCode(200)
                .body("model", containsString("auto chooses when the model loads"))
                .body("modelChoice", startsWith("not loaded yet"))
                .body("pool", nullValue());
        assertThat(given().get("/q/metrics").then().extract().asString())
                .as("no pool gauges before the model loads").doesNotContain("corvid_embedding_pool_workers");
        // The tokenizer works without the model.
        given().contentType(ContentType.JSON).body(Map.of("input", "hello world"))
                .post("/api/v1/embeddings/tokenize").then().statusCode(200).body("data[0].ids", hasSize(4));

        var unit = dev.corvid.embedding.model.CpuFeatures.read().int8Unit();
        List<Float> vector = embed(Map.of("input", "The quick brown fox jumps over the lazy dog."));
        assertThat(vector).hasSize(384);
        String choice = given().get("/api/v1/embeddings/status").then().statusCode(200)
                .body("model", org.hamcrest.Matchers.equalTo(unit.isPresent() ? "bge-small-en-v1.5-int8"
                        : "bge-small-en-v1.5"))
                .extract().path("modelChoice");
        assertThat(choice).startsWith(unit.isPresent() ? "auto: int8 on " + unit.get() + ", quality check passed"
                : "auto: fp32, the CPU has no");
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("corvid_embedding_pool_workers");
    }

    @Test
    @Order(2)
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
