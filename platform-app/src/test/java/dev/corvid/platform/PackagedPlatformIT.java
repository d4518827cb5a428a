package dev.corvid.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (what {@code ./corvid run} starts) boots and serves every module. Regression: native-library
 * classes loaded parent-first could not see slf4j in the packaged class path, so the jar failed at start-up while
 * every {@code @QuarkusTest} passed.
 */
@QuarkusIntegrationTest
class PackagedPlatformIT {

    @Test
    void thePackagedJarServesEveryModule() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().contentType(ContentType.JSON).body(Map.of("input", List.of("packaged", "jar")))
                .post("/v1/embeddings").then().statusCode(200).body("data", hasSize(2));
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .body(List.of(Map.of("id", "1", "content", "the packaged jar learns this message"),
                        Map.of("id", "2", "content", "the packaged jar answers in its voice")))
                .post("/api/v1/markov/scopes/it-scope/messages/batch").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("testOutput", false, "randomSeed", 1))
                .post("/api/v1/markov/scopes/it-scope/generate").then().statusCode(200)
                .body("text", notNullValue());
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .body(Map.of("name", "it-model")).post("/api/v1/registry/models").then().statusCode(201);
    }
}
