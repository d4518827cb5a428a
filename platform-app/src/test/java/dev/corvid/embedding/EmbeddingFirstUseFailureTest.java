package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code corvid.embedding.load=first-use} with a model that cannot load (the CUDA provider on this CPU build of ONNX
 * Runtime): the platform starts and is ready, each request that needs the model answers 503 saying why and tries the
 * load again, and what needs no model (tokenizing, status) keeps working.
 */
@QuarkusTest
@TestProfile(EmbeddingFirstUseFailureTest.BrokenModel.class)
class EmbeddingFirstUseFailureTest {

    public static class BrokenModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.embedding.load", "first-use", "corvid.embedding.provider", "cuda");
        }
    }

    @Test
    void aModelThatCannotLoadAnswers503EachTimeAndTheRestWorks() {
        given().get("/q/health/ready").then().statusCode(200);
        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType(ContentType.JSON).body(Map.of("input", "hello")).post("/v1/embeddings").then()
                    .statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", matchesPattern("\\d+"))
                    .body("status", equalTo(503))
                    .body("detail", startsWith("The embedding model could not be loaded"))
                    .body("detail", containsString("CUDA"));
        }
        given().contentType(ContentType.JSON).body(Map.of("input", "hello world"))
                .post("/api/v1/embeddings/tokenize").then().statusCode(200)
                .body("model", equalTo("bge-small-en-v1.5"));
        given().get("/api/v1/embeddings/status").then().statusCode(200)
                .body("modelChoice", startsWith("not loaded yet"))
                .body("pool", nullValue());
    }
}
