package dev.corvid.platform.db;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Regression: with PostgreSQL frozen (SIGSTOP, what a hung disk or a stalled VM looks like) a Markov training request
 * did not answer within 10 s. Every request that needs the database now answers 503 with Retry-After within
 * {@code corvid.database.timeout}, generation from a chain in memory keeps answering, and once the server runs
 * again the retried write is stored exactly once.
 */
@QuarkusTest
class HungDatabaseTest {

    /** Far above corvid.database.timeout (5 s): a request that hangs fails the test instead of blocking it. */
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 60_000).setParam("http.connection.timeout", 10_000));

    private static RequestSpecification writer() {
        return given().config(PATIENT).contentType(ContentType.JSON)
                .header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
    }

    private static List<Map<String, Object>> messages(String prefix, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("id", prefix + i, "content", "the frozen database keeps message number " + i
                    + " waiting for an answer"));
        }
        return out;
    }

    @Test
    void aFrozenDatabaseIsAFast503EverywhereAndGenerationGoesOn() throws Exception {
        Assumptions.assumeTrue(EmbeddedDatabaseConfigSourceFactory.current().isPresent(),
                "runs only on the embedded database");
        EmbeddedDatabase database = EmbeddedDatabaseConfigSourceFactory.current().orElseThrow();
        String scope = "hung-" + System.nanoTime();
        writer().body(messages("a", 50)).post("/api/v1/markov/scopes/" + scope + "/messages/batch").then()
                .statusCode(200);
        String model = "hung-model-" + System.nanoTime();
        writer().body(Map.of("name", model)).post("/api/v1/registry/models").then().statusCode(201);

        List<Long> frozen = freeze(database);
        try {
            unavailable(writer().body(messages("b", 5)).post("/api/v1/markov/scopes/" + scope + "/messages/batch"));
            unavailable(writer().body(messages("c", 5)).post("/api/v1/markov/scopes/new-" + scope
                    + "/messages/batch"));
            unavailable(writer().body(Map.of("stateSize", 3)).put("/api/v1/markov/scopes/other-" + scope));
            unavailable(given().config(PATIENT).get("/api/v1/registry/models/never-cached-" + model));
            // The chain is in memory: generation needs no database.
            writer().body(Map.of("randomSeed", 7, "testOutput", false))
                    .post("/api/v1/markov/scopes/" + scope + "/generate").then().statusCode(200)
                    .body("text", notNullValue());
        } finally {
            signal("CONT", frozen);
        }

        // Once the server runs again the retry succeeds, and the write that timed out is stored once at most.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> writer().body(messages("b", 5))
                .post("/api/v1/markov/scopes/" + scope + "/messages/batch").then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> writer().get("/api/v1/markov/scopes/" + scope)
                .then().statusCode(200).body("chain.messages", equalTo(55)));
    }

    private static void unavailable(io.restassured.response.Response response) {
        response.then().statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("\\d+"));
    }

    /** Stops the postmaster and every backend, as a hung machine would. */
    private static List<Long> freeze(EmbeddedDatabase database) throws IOException, InterruptedException {
        ProcessHandle postmaster = database.serverProcess().orElseThrow();
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster.pid());
        postmaster.descendants().forEach(p -> pids.add(p.pid()));
        signal("STOP", pids);
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "kill -" + signal + " \"$@\"", "kill"));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }
}
