package dev.corvid.markov;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several instances, one PostgreSQL: this test plays the other instance, writing rows behind the application's back.
 * The store's triggers announce each change; the chain cached here catches up from the change sequence and equals a
 * rebuild, and a scope deleted elsewhere stops answering here.
 */
@QuarkusTest
class MarkovCrossInstanceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BASE = "/api/v1/markov/scopes/";

    @Inject
    Pool pool;

    private static RequestSpecification writer() {
        return given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER)).contentType("application/json");
    }

    private static String digest(String scope) {
        return writer().queryParam("digest", true).get(BASE + scope).then().statusCode(200).extract().path("digest");
    }

    private static List<Map<String, String>> messages(String prefix, int from, int to) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(Map.of("id", prefix + i, "content", "the tide comes in at " + i + " and the boats "
                    + (i % 2 == 0 ? "rise" : "drift") + " in the harbour"));
        }
        return list;
    }

    @Test
    void writesByAnotherInstanceReachTheCachedChain() {
        String scope = "cross-" + System.nanoTime();
        writer().body(messages("m", 0, 50)).post(BASE + scope + "/messages/batch").then().statusCode(200);
        digest(scope); // loaded and cached here

        // The other instance: 20 messages added, 5 old ones forgotten, one edited, all in plain SQL.
        pool.withTransaction(c -> c.preparedQuery("INSERT INTO markov.message (scope, id, content, created_at)"
                + " SELECT $1, 'm' || i, 'the tide comes in at ' || i || ' and the boats '"
                + " || CASE WHEN i % 2 = 0 THEN 'rise' ELSE 'drift' END || ' in the harbour', now()"
                + " FROM generate_series(50, 69) AS i").execute(Tuple.of(scope))
                .chain(() -> c.preparedQuery("WITH gone AS (DELETE FROM markov.message WHERE scope = $1 AND id IN"
                        + " ('m1', 'm2', 'm3', 'm4', 'm5') RETURNING seq, content) INSERT INTO markov.forgotten"
                        + " (scope, added_seq, content) SELECT $1, seq, content FROM gone").execute(Tuple.of(scope))))
                .await().atMost(WAIT);
        pool.withTransaction(c -> c.preparedQuery("WITH old AS (SELECT seq, content FROM markov.message WHERE"
                + " scope = $1 AND id = 'm6'), gone AS (INSERT INTO markov.forgotten (scope, added_seq, content)"
                + " SELECT $1, seq, content FROM old) UPDATE markov.message SET content = 'a gale closed the"
                + " harbour', seq = nextval('markov.change_seq') WHERE scope = $1 AND id = 'm6'")
                .execute(Tuple.of(scope))).await().atMost(WAIT);

        String rebuilt = scope + "-rebuilt";
        List<Map<String, String>> expected = new ArrayList<>(messages("m", 0, 70));
        expected.removeIf(m -> List.of("m1", "m2", "m3", "m4", "m5", "m6").contains(m.get("id")));
        expected.add(Map.of("id", "m6", "content", "a gale closed the harbour"));
        writer().body(expected).post(BASE + rebuilt + "/messages/batch").then().statusCode(200);
        String want = digest(rebuilt);
        await().atMost(WAIT).untilAsserted(() -> assertThat(digest(scope)).isEqualTo(want));
        writer().get(BASE + scope).then().statusCode(200).body("chain.messages",
                org.hamcrest.Matchers.equalTo(expected.size()));
    }

    @Test
    void aScopeDeletedElsewhereIsDroppedFromMemory() {
        String scope = "cross-gone-" + System.nanoTime();
        writer().body(messages("g", 0, 30)).post(BASE + scope + "/messages/batch").then().statusCode(200);
        writer().body(Map.of()).post(BASE + scope + "/generate").then().statusCode(200);
        pool.preparedQuery("DELETE FROM markov.scope WHERE scope = $1").execute(Tuple.of(scope)).await().atMost(WAIT);
        // Generation reads the cached chain without the database: it answers 404 once the announcement arrived.
        await().atMost(WAIT).untilAsserted(() -> writer().body(Map.of()).post(BASE + scope + "/generate").then()
                .statusCode(404));
    }
}
