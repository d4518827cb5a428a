package dev.corvid.mlregistry;

import static dev.corvid.mlregistry.RegistryApi.BASE;
import static dev.corvid.mlregistry.RegistryApi.model;
import static dev.corvid.mlregistry.RegistryApi.writer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Predictions, accuracy, baselines and drift over HTTP on the real database. */
@QuarkusTest
class PerformanceApiTest {

    /** JSON numbers arrive as Float or Double; compare them as doubles. */
    private static org.hamcrest.Matcher<Object> near(double expected, double error) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number n && Math.abs(n.doubleValue() - expected) <= error;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a number within " + error + " of " + expected);
            }
        };
    }

    private static String path(String model, int version, String what) {
        return BASE + "/models/" + model + "/versions/" + version + "/" + what;
    }

    private static Map<String, Object> prediction(String predicted, Double confidence, String actual) {
        Map<String, Object> p = new HashMap<>();
        p.put("predicted", predicted);
        if (confidence != null) {
            p.put("confidence", confidence);
        }
        if (actual != null) {
            p.put("actual", actual);
        }
        return p;
    }

    private static int count(String model, int version) {
        return given().queryParam("limit", 100_000).get(path(model, version, "predictions")).then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    @Test
    void storeOneAndReadRecent() {
        String name = model("pred", 1);
        Map<String, Object> p = prediction("fraud", 0.87, "fraud");
        p.put("features", Map.of("amount", 120.5, "country", "NL"));
        writer().body(p).post(path(name, 1, "predictions")).then().statusCode(201).body("id", org.hamcrest.Matchers
                .greaterThan(0));
        writer().body(prediction("ok", 0.6, null)).post(path(name, 1, "predictions")).then().statusCode(201);
        given().get(path(name, 1, "predictions")).then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].predicted", equalTo("ok"))
                .body("[0].correct", nullValue())
                .body("[1].correct", equalTo(true))
                .body("[1].features.country", equalTo("NL"));
    }

    @Test
    void bulkOfTenThousandInOneRequest() {
        String name = model("bulk", 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(prediction(i % 4 == 0 ? "b" : "a", (i % 100) / 100.0, "a"));
        }
        writer().body(rows).post(path(name, 1, "predictions/bulk")).then().statusCode(201)
                .body("stored", equalTo(10_000));
        given().queryParam("last", 1000).get(path(name, 1, "accuracy")).then().statusCode(200)
                .body("labelled", equalTo(1000))
                .body("correct", equalTo(750))
                .body("accuracy", near(0.75, 1e-6));
        given().queryParam("last", 100_000).get(path(name, 1, "accuracy")).then().body("labelled", equalTo(10_000));
    }

    @Test
    void oneBadRowRejectsTheWholeBatchAndNamesIt() {
        String name = model("badrow", 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(prediction("a", 0.5, null));
        }
        rows.get(17).put("confidence", 1.5);
        writer().body(rows).post(path(name, 1, "predictions/bulk")).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("rowIndex", equalTo(17))
                .body("detail", containsString("Row 17"));
        // A string is not a number: the strict JSON reader names the field by its JSON pointer.
        rows.get(17).put("confidence", "NaN");
        writer().body(rows).post(path(name, 1, "predictions/bulk")).then().statusCode(400)
                .body("pointer", equalTo("/17/confidence"));
        rows.get(17).put("confidence", 0.5);
        rows.get(3).remove("predicted");
        writer().body(rows).post(path(name, 1, "predictions/bulk")).then().statusCode(400)
                .body("rowIndex", equalTo(3));
        org.assertj.core.api.Assertions.assertThat(count(name, 1)).isZero();
    }

    @Test
    void limitsAndUnknownTargets() {
        String name = model("limits", 1);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(prediction("a", null, null));
        }
        writer().body(tooMany).post(path(name, 1, "predictions/bulk")).then().statusCode(400)
                .body("detail", containsString("10000"));
        writer().body(List.of()).post(path(name, 1, "predictions/bulk")).then().statusCode(400);
        writer().body(prediction("a", 0.5, null)).post(path(name, 2, "predictions")).then().statusCode(404);
        writer().body(prediction("a", 0.5, null)).post(path("nope-" + name, 1, "predictions")).then().statusCode(404);
        writer().body("{\"predicted\": \"a\", \"confidence\": \"high\"}").post(path(name, 1, "predictions")).then()
                .statusCode(400).body("detail", containsString("confidence"));
        given().queryParam("last", 0).get(path(name, 1, "accuracy")).then().statusCode(400);
        given().queryParam("from", "yesterday").get(path(name, 1, "accuracy")).then().statusCode(400)
                .body("detail", containsString("ISO-8601"));
    }

    @Test
    void accuracyOverATimeWindow() {
        String name = model("window", 1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> p = prediction("a", null, i < 7 ? "a" : "b");
            p.put("timestamp", t0.plusSeconds(3600L * i).toString());
            rows.add(p);
        }
        writer().body(rows).post(path(name, 1, "predictions/bulk")).then().statusCode(201);
        given().queryParam("from", t0.toString()).queryParam("to", t0.plusSeconds(3600 * 5).toString())
                .get(path(name, 1, "accuracy")).then().statusCode(200)
                .body("labelled", equalTo(5)).body("accuracy", near(1.0, 1e-6));
        given().queryParam("from", t0.plusSeconds(3600 * 5).toString()).queryParam("to", t0.plusSeconds(86400)
                .toString()).get(path(name, 1, "accuracy")).then().body("labelled", equalTo(5))
                .body("correct", equalTo(2));
    }

    @Test
    void baselineComputedAndPutAndDriftDetected() {
        String name = model("drift", 1);
        List<Map<String, Object>> stable = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            stable.add(prediction("a", 0.85 + (i % 11 - 5) * 0.01, "a"));
        }
        writer().body(stable).post(path(name, 1, "predictions/bulk")).then().statusCode(201);
        writer().post(path(name, 1, "baseline/compute") + "?last=200").then().statusCode(200)
                .body("count", equalTo(200)).body("mean", near(0.85, 0.001));
        given().get(path(name, 1, "baseline")).then().statusCode(200).body("count", equalTo(200));
        given().get(path(name, 1, "drift")).then().statusCode(200).body("drifting", equalTo(false));

        List<Map<String, Object>> shifted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            shifted.add(prediction("a", 0.6, "b"));
        }
        writer().body(shifted).post(path(name, 1, "predictions/bulk")).then().statusCode(201);
        given().queryParam("window", 100).get(path(name, 1, "drift")).then().statusCode(200)
                .body("drifting", equalTo(true))
                .body("recentMean", near(0.6, 1e-6))
                .body("k", equalTo(3.0f));

        // The monitor publishes the gauge Prometheus alerts on.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(
                given().get("/q/metrics").then().extract().asString())
                .containsPattern("corvid_mlregistry_drifting\\{[^}]*model=\"" + name + "\"[^}]*} 1\\.0")
                .containsPattern("corvid_mlregistry_accuracy\\{[^}]*model=\"" + name + "\"[^}]*} 0\\.0"));

        writer().body(Map.of("mean", 0.6, "stddev", 0.05, "count", 100)).put(path(name, 1, "baseline")).then()
                .statusCode(200).body("mean", near(0.6, 1e-6));
        given().get(path(name, 1, "drift")).then().body("drifting", equalTo(false));
        writer().body(Map.of("mean", 1.6, "stddev", 0.05, "count", 100)).put(path(name, 1, "baseline")).then()
                .statusCode(400);
        given().get(path(model("nobase", 1), 1, "drift")).then().statusCode(404)
                .body("detail", containsString("no confidence baseline"));

        // Regression: the model and version tags of the drift gauges outlived the version. Deleted, they go.
        writer().delete(BASE + "/models/" + name).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(
                given().get("/q/metrics").then().extract().asString()).doesNotContain("model=\"" + name + "\""));
    }
}
