package dev.corvid.mlregistry;

import static dev.corvid.mlregistry.RegistryApi.BASE;
import static dev.corvid.mlregistry.RegistryApi.model;
import static dev.corvid.mlregistry.RegistryApi.unique;
import static dev.corvid.mlregistry.RegistryApi.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A/B tests: stable assignment, per-arm accuracy with significance, stopping with a winner. */
@QuarkusTest
class AbTestApiTest {

    private static final String TESTS = BASE + "/ab-tests";

    private static String start(String model, double trafficToB) {
        String name = unique("ab");
        writer().body(Map.of("name", name, "model", model, "versionA", 1, "versionB", 2, "trafficToB", trafficToB))
                .post(TESTS).then().statusCode(201).body("status", equalTo("RUNNING"));
        return name;
    }

    private static String arm(String test, String key) {
        return given().queryParam("key", key).get(TESTS + "/" + test + "/assignment").then().statusCode(200)
                .extract().path("arm");
    }

    private static void labelled(String model, int version, int correct, int total) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            rows.add(Map.of("predicted", "yes", "actual", i < correct ? "yes" : "no"));
        }
        writer().body(rows).post(BASE + "/models/" + model + "/versions/" + version + "/predictions/bulk").then()
                .statusCode(201);
    }

    @Test
    void assignmentIsStableAndFollowsTheSplit() {
        String test = start(model("ab-split", 2), 0.3);
        for (int i = 0; i < 5; i++) {
            assertThat(arm(test, "user-42")).isEqualTo(arm(test, "user-42"));
        }
        int b = 0;
        for (int i = 0; i < 1000; i++) {
            if (arm(test, "user-" + i).equals("B")) {
                b++;
            }
        }
        assertThat(b).isBetween(240, 360);
    }

    @Test
    void significantLeaderWinsAndTakesAllTraffic() {
        String model = model("ab-win", 2);
        String test = start(model, 0.5);
        labelled(model, 1, 90, 100);
        labelled(model, 2, 60, 100);
        arm(test, "before-the-stop");
        given().get("/q/metrics").then().body(containsString("test=\"" + test + "\""));
        given().get(TESTS + "/" + test + "/results").then().statusCode(200)
                .body("a.labelled", equalTo(100)).body("b.correct", equalTo(60))
                .body("significant", equalTo(true)).body("leader", equalTo(1))
                .body("pValue", lessThan(0.001f));
        writer().post(TESTS + "/" + test + "/stop").then().statusCode(200).body("test.winner", equalTo(1))
                .body("test.status", equalTo("STOPPED"));
        for (int i = 0; i < 50; i++) {
            assertThat(arm(test, "user-" + i)).isEqualTo("A");
        }
        // Regression: the test-name tag of the assignment counter lived forever; a stopped test's series go.
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.not(containsString("test=\"" + test + "\"")));
        writer().post(TESTS + "/" + test + "/stop").then().statusCode(409).body("detail", containsString("already"));
    }

    @Test
    void noSignificantDifferenceNeedsAnExplicitWinner() {
        String model = model("ab-tie", 2);
        String test = start(model, 0.5);
        labelled(model, 1, 50, 100);
        labelled(model, 2, 52, 100);
        writer().post(TESTS + "/" + test + "/stop").then().statusCode(409)
                .body("detail", containsString("No significant difference"));
        writer().body(Map.of("winner", 3)).post(TESTS + "/" + test + "/stop").then().statusCode(400);
        writer().body(Map.of("winner", 2)).post(TESTS + "/" + test + "/stop").then().statusCode(200)
                .body("test.winner", equalTo(2));
    }

    @Test
    void badDefinitionsAreRefused() {
        String model = model("ab-bad", 2);
        writer().body(Map.of("name", unique("ab"), "model", model, "versionA", 1, "versionB", 1, "trafficToB", 0.5))
                .post(TESTS).then().statusCode(400);
        writer().body(Map.of("name", unique("ab"), "model", model, "versionA", 1, "versionB", 9, "trafficToB", 0.5))
                .post(TESTS).then().statusCode(404);
        writer().body(Map.of("name", unique("ab"), "model", model, "versionA", 1, "versionB", 2, "trafficToB", 1.5))
                .post(TESTS).then().statusCode(400);
        String test = start(model, 0.5);
        writer().body(Map.of("name", test, "model", model, "versionA", 1, "versionB", 2, "trafficToB", 0.5))
                .post(TESTS).then().statusCode(400).body("detail", containsString("already exists"));
        given().get(TESTS + "/" + test + "/assignment").then().statusCode(400);
        given().get(TESTS + "/no-such-test/results").then().statusCode(404);
    }
}
