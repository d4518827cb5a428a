package dev.corvid.markov;

import static dev.corvid.markov.MarkovApi.BASE;
import static dev.corvid.markov.MarkovApi.brown;
import static dev.corvid.markov.MarkovApi.digest;
import static dev.corvid.markov.MarkovApi.train;
import static dev.corvid.markov.MarkovApi.unique;
import static dev.corvid.markov.MarkovApi.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import dev.corvid.markov.scope.MarkovService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Training, exact forgetting, generation and errors over HTTP on the real database. */
@QuarkusTest
class MarkovApiTest {

    @Inject
    MarkovService markov;

    @Test
    void theChainCacheWeighsAGrowingChainAsItGrows() {
        String scope = unique("growing");
        double before = cacheBytes();
        List<Map<String, Object>> messages = brown(100);
        for (int i = 0; i < messages.size(); i += 10) {
            train(scope, messages.subList(i, i + 10));
        }
        long chainBytes = ((Number) writer().get(BASE + scope).then().statusCode(200).extract()
                .path("chain.memoryBytes")).longValue();
        // The cache weighs in whole KB; a weight taken when the chain was new and empty would be about 1 KB.
        assertThat(cacheBytes() - before).as("cache bytes added by a 100-message chain of %d bytes", chainBytes)
                .isGreaterThanOrEqualTo(chainBytes - 1024);
    }

    private static double cacheBytes() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("corvid_markov_cache_bytes{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void trainThenGenerateDeterministically() {
        String scope = unique("guild");
        train(scope, brown(500));
        writer().get(BASE + scope).then().statusCode(200)
                .body("stateSize", equalTo(2))
                .body("chain.messages", equalTo(500))
                .body("chain.states", greaterThan(1000))
                .body("chain.memoryBytes", greaterThan(0));
        Map<String, Object> request = Map.of("randomSeed", 7, "maxTries", 100);
        Response first = writer().body(request).post(BASE + scope + "/generate");
        first.then().statusCode(200).body("text", notNullValue()).body("mentionSafe", equalTo(true))
                .body("allowedMentions.parse", empty()).body("tries", greaterThan(0));
        writer().body(request).post(BASE + scope + "/generate").then().statusCode(200)
                .body("text", equalTo(first.path("text")));
    }

    @Test
    void aRepeatedIdIsStoredOnce() {
        String scope = unique("guild");
        List<Map<String, Object>> messages = brown(20);
        writer().body(messages).post(BASE + scope + "/messages/batch").then().statusCode(200)
                .body("accepted", equalTo(20)).body("duplicates", equalTo(0));
        String before = digest(scope);
        writer().body(messages).post(BASE + scope + "/messages/batch").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(20));
        writer().body(messages.get(0)).post(BASE + scope + "/messages").then().statusCode(200)
                .body("duplicates", equalTo(1));
        assertThat(digest(scope)).isEqualTo(before);
    }

    @Test
    void forgettingLeavesExactlyTheChainOfTheRemainingMessages() {
        List<Map<String, Object>> messages = brown(600, 90);
        String scope = unique("guild");
        train(scope, messages);
        Map<String, Object> victim = messages.get(17);
        String author = (String) messages.get(40).get("author");
        String channel = (String) messages.get(599).get("channel");
        Map<String, Object> edited = messages.stream().skip(300)
                .filter(m -> !author.equals(m.get("author")) && !channel.equals(m.get("channel"))).findFirst()
                .orElseThrow();

        writer().delete(BASE + scope + "/messages/" + victim.get("id")).then().statusCode(200)
                .body("forgotten", equalTo(1));
        int byAuthor = writer().delete(BASE + scope + "/authors/" + author).then().statusCode(200).extract()
                .path("forgotten");
        int byChannel = writer().delete(BASE + scope + "/channels/" + channel).then().statusCode(200).extract()
                .path("forgotten");
        writer().body(Map.of("content", "An entirely new sentence about the jury and the election."))
                .put(BASE + scope + "/messages/" + edited.get("id")).then().statusCode(204);

        List<Map<String, Object>> rest = new ArrayList<>();
        for (Map<String, Object> m : messages) {
            if (m == victim || author.equals(m.get("author")) || channel.equals(m.get("channel"))) {
                continue;
            }
            Map<String, Object> copy = new HashMap<>(m);
            if (m == edited) {
                copy.put("content", "An entirely new sentence about the jury and the election.");
            }
            rest.add(copy);
        }
        assertThat(byAuthor).isPositive();
        assertThat(byChannel).isPositive();
        assertThat(rest.size()).isEqualTo(600 - 1 - byAuthor - byChannel);

        String rebuilt = unique("rebuilt");
        train(rebuilt, rest);
        assertThat(digest(scope)).isEqualTo(digest(rebuilt));
        writer().get(BASE + scope).then().body("chain.messages", equalTo(rest.size()));

        // The same chain comes back from the store: snapshot plus the changes after it.
        markov.evictAll().await().indefinitely();
        assertThat(digest(scope)).isEqualTo(digest(rebuilt));
        writer().delete(BASE + scope + "/messages/" + messages.get(1).get("id")).then().statusCode(200);
        markov.evictAll().await().indefinitely();
        rest.removeIf(m -> m.get("id").equals(messages.get(1).get("id")));
        String again = unique("rebuilt");
        train(again, rest);
        assertThat(digest(scope)).isEqualTo(digest(again));
    }

    @Test
    void debugNamesSourceMessages() {
        String scope = unique("guild");
        List<Map<String, Object>> messages = brown(300);
        train(scope, messages);
        Set<Object> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.get("id")));
        Response r = writer().body(Map.of("randomSeed", 3, "maxTries", 200, "debug", true))
                .post(BASE + scope + "/generate");
        r.then().statusCode(200).body("text", notNullValue());
        List<Map<String, Object>> parts = r.path("parts");
        assertThat(parts).isNotEmpty();
        StringBuilder joined = new StringBuilder();
        for (Map<String, Object> part : parts) {
            assertThat(ids).contains(part.get("sourceMessageId"));
            joined.append(joined.isEmpty() ? "" : " ").append(part.get("text"));
        }
        assertThat(joined.toString()).isEqualTo(r.path("text"));
    }

    @Test
    void generatedTextNeverPingsEveryone() {
        String scope = unique("guild");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(Map.of("id", "m" + i, "content", (i % 2 == 0 ? "hey @everyone look at" : "hey @here look at")
                    + " <@12345> and <:blob:999> number " + i + " today"));
        }
        train(scope, messages);
        for (int seed = 0; seed < 20; seed++) {
            String text = writer().body(Map.of("randomSeed", seed, "testOutput", false))
                    .post(BASE + scope + "/generate").then().statusCode(200).extract().path("text");
            assertThat(text).doesNotContain("@everyone").doesNotContain("@here").contains("@\u200B");
        }
    }

    @Test
    void seedPhraseStartsTheOutput() {
        String scope = unique("guild");
        train(scope, brown(2000));
        String text = writer().body(Map.of("seed", "The jury", "randomSeed", 1, "maxTries", 200))
                .post(BASE + scope + "/generate").then().statusCode(200).extract().path("text");
        assertThat(text).startsWith("The jury");
        writer().body(Map.of("seed", "Qwxyz", "randomSeed", 1)).post(BASE + scope + "/generate").then()
                .statusCode(200).body("text", equalTo(null)).body("failure", containsString("never occurs"));
    }

    @Test
    void badInputIsAProblemNamingWhatWasWrong() {
        String scope = unique("guild");
        problem(writer().body(List.of(Map.of("id", "1", "content", "fine"), Map.of("id", "2", "content", "   ")))
                .post(BASE + scope + "/messages/batch"), 400).body("index", equalTo(1))
                .body("detail", containsString("no text"));
        problem(writer().body(Map.of("id", "big", "content", "x".repeat(100_000)))
                .post(BASE + scope + "/messages"), 400).body("detail", containsString("limit is 4000"));
        problem(writer().body(Map.of("content", "no id")).post(BASE + scope + "/messages"), 400)
                .body("detail", containsString("id"));
        problem(writer().body(Map.of()).post(BASE + "nope-" + scope + "/generate"), 404)
                .body("detail", containsString("no markov scope"));
        problem(writer().get(BASE + "nope-" + scope), 404);
        problem(writer().delete(BASE + "nope-" + scope + "/authors/x"), 404);
        problem(writer().body(Map.of()).post(BASE + "bad%20scope/generate"), 400)
                .body("detail", containsString("scope"));
        train(scope, brown(10));
        problem(writer().body(Map.of("minWords", 10, "maxWords", 5)).post(BASE + scope + "/generate"), 400)
                .body("detail", containsString("maxWords"));
        problem(writer().body(Map.of("seedMode", "sideways")).post(BASE + scope + "/generate"), 400)
                .body("detail", containsString("seedMode"));
        problem(writer().body(Map.of("maxTries", 100_000)).post(BASE + scope + "/generate"), 400);
        problem(writer().body("{\"id\": \"1\", \"content\": ").post(BASE + scope + "/messages"), 400);
        problem(writer().body(Map.of("stateSize", 9)).put(BASE + scope), 400);
        problem(writer().delete(BASE + scope + "/messages/never-was"), 404);
        problem(writer().body(Map.of("content", "x y")).put(BASE + scope + "/messages/never-was"), 404);
        writer().get(BASE + scope).then().body("chain.messages", equalTo(10));
    }

    @Test
    void changingTheStateSizeRebuildsTheChain() {
        String scope = unique("guild");
        List<Map<String, Object>> messages = brown(200);
        train(scope, messages);
        writer().body(Map.of("stateSize", 3)).put(BASE + scope).then().statusCode(200).body("stateSize", equalTo(3));
        String other = unique("guild");
        writer().body(Map.of("stateSize", 3)).put(BASE + other).then().statusCode(200);
        train(other, messages);
        assertThat(digest(scope)).isEqualTo(digest(other));
        writer().get(BASE + scope).then().body("chain.order", equalTo(3));
    }

    @Test
    void readsNeedNoWriterButWritesDo() {
        String scope = unique("guild");
        train(scope, brown(5));
        given().contentType("application/json").body(List.of(Map.of("id", "x", "content", "hello there")))
                .post(BASE + scope + "/messages/batch").then().statusCode(401);
        given().get(BASE + scope).then().statusCode(200);
        writer().delete(BASE + scope).then().statusCode(204);
        problem(writer().get(BASE + scope), 404);
    }

    static io.restassured.response.ValidatableResponse problem(Response response, int status) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status));
    }
}
