package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import dev.corvid.platform.support.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Bulk jobs: progress as Server-Sent Events, the JSON-lines result, cancellation and bad input. */
@QuarkusTest
class EmbeddingJobsTest {

    private static RequestSpecification writer() {
        return given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
    }

    private static List<String> brown(int n) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (Stream<String> lines = TestData.lines("markov/brown-messages.jsonl.gz")) {
            for (String line : (Iterable<String>) lines.limit(n)::iterator) {
                out.add(json.readTree(line).get("content").asText());
            }
        }
        return out;
    }

    @Test
    void aJobReportsProgressAndItsResultMatchesSingleRequests() throws IOException {
        List<String> texts = brown(600);
        String id = writer().body(Map.of("input", texts)).post("/api/v1/embeddings/jobs").then().statusCode(202)
                .header("Location", containsString("/api/v1/embeddings/jobs/")).body("total", equalTo(600))
                .extract().path("id");
        String events = given().accept("text/event-stream").get("/api/v1/embeddings/jobs/" + id + "/events").then()
                .statusCode(200).extract().asString();
        assertThat(events).contains("event:done").contains("\"state\":\"SUCCEEDED\"").contains("\"done\":600");
        given().get("/api/v1/embeddings/jobs/" + id).then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                .body("done", equalTo(600));
        String result = given().get("/api/v1/embeddings/jobs/" + id + "/result").then().statusCode(200)
                .contentType(containsString("application/x-ndjson")).extract().asString();
        List<String> lines = result.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(600);
        JsonNode last = new ObjectMapper().readTree(lines.get(599));
        assertThat(last.get("index").asInt()).isEqualTo(599);
        List<Float> single = given().contentType(ContentType.JSON).body(Map.of("input", texts.get(599)))
                .post("/v1/embeddings").then().statusCode(200).extract().path("data[0].embedding");
        for (int d = 0; d < 384; d++) {
            assertThat(last.get("embedding").get(d).floatValue()).isCloseTo(single.get(d),
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void aCancelledJobStopsAndHasNoResult() throws IOException {
        String id = writer().body(Map.of("input", brown(4000))).post("/api/v1/embeddings/jobs").then()
                .statusCode(202).extract().path("id");
        writer().delete("/api/v1/embeddings/jobs/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/embeddings/jobs/" + id)
                .then().body("state", equalTo("CANCELLED")));
        int done = given().get("/api/v1/embeddings/jobs/" + id).then().extract().path("done");
        assertThat(done).isLessThan(4000);
        given().get("/api/v1/embeddings/jobs/" + id + "/result").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("cancelled"));
    }

    @Test
    void badJobsAreRefusedBeforeAnythingRuns() {
        writer().body(Map.of("input", List.of("fine", "", "also fine"))).post("/api/v1/embeddings/jobs").then()
                .statusCode(400).contentType("application/problem+json").body("index", equalTo(1));
        given().get("/api/v1/embeddings/jobs/no-such-job").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("input", List.of("x"))).post("/api/v1/embeddings/jobs")
                .then().statusCode(401);
    }
}
