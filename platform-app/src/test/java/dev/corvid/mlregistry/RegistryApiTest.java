package dev.corvid.mlregistry;

import static dev.corvid.mlregistry.RegistryApi.BASE;
import static dev.corvid.mlregistry.RegistryApi.model;
import static dev.corvid.mlregistry.RegistryApi.unique;
import static dev.corvid.mlregistry.RegistryApi.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The native registry API over HTTP on the real database. */
@QuarkusTest
class RegistryApiTest {

    @Test
    void versionsAreNumberedMonotonicallyAndNeverReused() {
        String name = model("mono", 3);
        writer().delete(BASE + "/models/" + name + "/versions/3").then().statusCode(204);
        writer().body(Map.of("source", "s3://new")).post(BASE + "/models/" + name + "/versions").then()
                .statusCode(201)
                .header("Location", endsWith("/models/" + name + "/versions/4"))
                .body("version", equalTo(4));
        given().get(BASE + "/models/" + name + "/versions").then().statusCode(200)
                .body("version", contains(1, 2, 4));
    }

    @Test
    void concurrentRegistrationsGetDistinctNumbers() {
        String name = model("concurrent", 0);
        List<Integer> numbers = IntStream.range(0, 20).parallel()
                .mapToObj(i -> writer().body(Map.of("source", "s3://c/" + i))
                        .post(BASE + "/models/" + name + "/versions").then().statusCode(201)
                        .extract().<Integer>path("version"))
                .toList();
        assertThat(new HashSet<>(numbers)).hasSize(20).allMatch(n -> n >= 1 && n <= 20);
    }

    @Test
    void lookupsByVersionLatestAndAll() {
        String name = model("lookup", 2);
        writer().body(Map.of("source", "s3://x/3", "framework", "xgboost", "metrics", Map.of("auc", 0.93),
                "hyperparameters", Map.of("depth", 6, "eta", 0.1), "tags", Map.of("stage", "dev"),
                "description", "third")).post(BASE + "/models/" + name + "/versions").then().statusCode(201);
        given().get(BASE + "/models/" + name + "/versions/3").then().statusCode(200)
                .body("framework", equalTo("xgboost"))
                .body("metrics.auc", equalTo(0.93f))
                .body("hyperparameters.depth", equalTo(6))
                .body("tags.stage", equalTo("dev"))
                .body("status", equalTo("READY"));
        given().get(BASE + "/models/" + name + "/versions/latest").then().statusCode(200).body("version", equalTo(3));
        given().get(BASE + "/models/" + name).then().statusCode(200)
                .body("latestVersion", equalTo(3)).body("versionCount", equalTo(3)).body("tags.team", equalTo("risk"));
    }

    @Test
    void aWriteIsVisibleToTheNextRead() {
        String name = model("fresh", 1);
        for (int i = 0; i < 5; i++) {
            given().get(BASE + "/models/" + name).then().statusCode(200); // warm the cache
            writer().body(Map.of("description", "rev " + i)).patch(BASE + "/models/" + name).then().statusCode(200);
            given().get(BASE + "/models/" + name).then().body("description", equalTo("rev " + i));
            writer().body(Map.of("source", "s3://f/" + i)).post(BASE + "/models/" + name + "/versions").then()
                    .statusCode(201);
            given().get(BASE + "/models/" + name + "/versions/latest").then().body("version", equalTo(i + 2));
        }
    }

    @Test
    void aliasesSetMoveResolveDelete() {
        String name = model("alias", 2);
        String alias = BASE + "/models/" + name + "/aliases/champion";
        writer().body(Map.of("version", 1)).put(alias).then().statusCode(200).body("version", equalTo(1));
        given().get(alias).then().statusCode(200).body("version", equalTo(1)).body("aliases", contains("champion"));
        writer().body(Map.of("version", 2)).put(alias).then().statusCode(200);
        given().get(alias).then().body("version", equalTo(2));
        given().get(BASE + "/models/" + name).then().body("aliases.champion", equalTo(2));
        given().get(BASE + "/models/" + name + "/versions/1").then().body("aliases", hasSize(0));
        writer().delete(alias).then().statusCode(204);
        given().get(alias).then().statusCode(404).contentType(startsWith("application/problem+json"));
        writer().body(Map.of("version", 9)).put(alias).then().statusCode(404);
        writer().body(Map.of("version", 1)).put(BASE + "/models/" + name + "/aliases/v1").then().statusCode(400)
                .body("detail", containsString("reserved"));
    }

    @Test
    void renameAndDelete() {
        String name = model("rename", 1);
        String renamed = unique("renamed");
        writer().body(Map.of("newName", renamed)).post(BASE + "/models/" + name + "/rename").then().statusCode(200)
                .body("name", equalTo(renamed));
        given().get(BASE + "/models/" + name).then().statusCode(404);
        given().get(BASE + "/models/" + renamed + "/versions/1").then().statusCode(200);
        String other = model("taken", 0);
        writer().body(Map.of("newName", other)).post(BASE + "/models/" + renamed + "/rename").then().statusCode(400)
                .body("detail", containsString("already exists"));
        writer().delete(BASE + "/models/" + renamed).then().statusCode(204);
        given().get(BASE + "/models/" + renamed).then().statusCode(404);
        writer().delete(BASE + "/models/" + renamed).then().statusCode(404);
    }

    @Test
    void tagsOnModelsAndVersions() {
        String name = model("tags", 1);
        writer().body(Map.of("value", "gold")).put(BASE + "/models/" + name + "/tags/tier").then().statusCode(200)
                .body("tags.tier", equalTo("gold"));
        writer().delete(BASE + "/models/" + name + "/tags/tier").then().statusCode(200).body("tags.tier", nullValue());
        writer().body(Map.of("value", "yes")).put(BASE + "/models/" + name + "/versions/1/tags/validated").then()
                .statusCode(200).body("tags.validated", equalTo("yes"));
    }

    @Test
    void searchFiltersOrdersAndPagesWithoutOverlap() {
        String prefix = unique("search");
        for (int i = 0; i < 7; i++) {
            writer().body(Map.of("name", prefix + "-" + i, "tags", Map.of("parity", i % 2 == 0 ? "even" : "odd")))
                    .post(BASE + "/models").then().statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var spec = given().queryParam("filter", "name LIKE '" + prefix + "-%' AND tags.parity = 'even'")
                    .queryParam("orderBy", "name DESC").queryParam("pageSize", 2);
            if (token != null) {
                spec.queryParam("pageToken", token);
            }
            var page = spec.get(BASE + "/models").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.name"));
            token = page.getString("nextPageToken");
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly(prefix + "-6", prefix + "-4", prefix + "-2", prefix + "-0");
        assertThat(pages).isEqualTo(2);
        long future = System.currentTimeMillis() + 3_600_000;
        given().queryParam("filter", "name LIKE '" + prefix + "%' AND creation_timestamp > " + future)
                .get(BASE + "/models").then().statusCode(200).body("items", hasSize(0));
        given().queryParam("filter", "name LIKE '" + prefix + "%'").queryParam("pageSize", 5000)
                .get(BASE + "/models").then().statusCode(400).body("detail", containsString("above the limit"));
        given().queryParam("filter", "nmae = 'x'").get(BASE + "/models").then().statusCode(400)
                .body("detail", containsString("unknown field 'nmae'"));
    }

    @Test
    void searchVersionsByRunId() {
        String name = model("runs", 3);
        given().queryParam("filter", "name = '" + name + "' AND run_id IN ('run-1', 'run-3')")
                .get(BASE + "/versions").then().statusCode(200)
                .body("items.version", contains(3, 1));
    }

    @Test
    void badInputIsAProblem() {
        String name = model("bad", 1);
        given().get(BASE + "/models/" + name + "/versions/abc").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("'abc'"));
        given().get(BASE + "/models/" + name + "/versions/0").then().statusCode(400);
        given().get(BASE + "/models/" + name + "/versions/7").then().statusCode(404);
        given().get(BASE + "/models/no-such-model-" + name).then().statusCode(404)
                .body("detail", containsString("not found"));
        writer().body(Map.of("name", name)).post(BASE + "/models").then().statusCode(400)
                .body("detail", containsString("already exists"));
        writer().body(Map.of("name", "")).post(BASE + "/models").then().statusCode(400);
        writer().body(Map.of("source", "s3://x", "metrics", Map.of("auc", "high")))
                .post(BASE + "/models/" + name + "/versions").then().statusCode(400)
                .body("detail", containsString("auc"));
        writer().body(Map.of("source", "s3://x")).post(BASE + "/models/missing-" + name + "/versions").then()
                .statusCode(404);
        given().body(Map.of("name", "x")).contentType("application/json").post(BASE + "/models").then()
                .statusCode(401);
    }
}
