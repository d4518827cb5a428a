package dev.corvid.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import dev.corvid.platform.db.EmbeddedDatabaseConfigSourceFactory;
import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The platform boots on the embedded database with every shared layer in place. */
@QuarkusTest
class PlatformBootTest {

    @Test
    void readyWithOneCheckPerModule() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "markov-module",
                        "embedding-module", "mlregistry-module", "platform-module"))
                .body("checks.find { it.name == 'platform-module' }.data.version", equalTo("2"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void runsOnTheEmbeddedDatabaseUnlessAUrlIsGivenAndRecordsItsStart() {
        String database = EmbeddedDatabaseConfigSourceFactory.databaseKind();
        if (System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") == null) {
            org.assertj.core.api.Assertions.assertThat(database).isEqualTo("embedded");
        }
        given().get("/api/v1/platform/info").then()
                .statusCode(200)
                .body("database", equalTo(database))
                .body("instance", equalTo("test-instance"))
                .body("modules.name", hasItems("markov", "embedding", "mlregistry", "platform"));
        given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).get("/api/v1/admin/starts").then()
                .statusCode(200)
                .body("size()", greaterThanOrEqualTo(1))
                .body("[0].instance", equalTo("test-instance"))
                .body("[0].database", equalTo(database));
    }

    @Test
    void metricsCarryCommonTagsAndHistogramBuckets() {
        given().get("/api/v1/platform/info").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*application=\"corvid\"[^}]*"
                        + "instance=\"test-instance\"[^}]*uri=\"/api/v1/platform/info\"[^}]*le=\"")
                .containsPattern("jvm_memory_used_bytes\\{")
                .containsPattern("process_cpu_usage\\{")
                .containsPattern("sql_pool_[a-z_]+\\{")
                .containsPattern("process_resident_memory_bytes\\{[^}]*} [1-9]")
                .contains("corvid_platform_feature_enabled{application=\"corvid\",flag=\"embedding-cache\","
                        + "instance=\"test-instance\"} 0.0")
                .contains("corvid_platform_feature_rollout_percent{application=\"corvid\",flag=\"markov-replies\","
                        + "instance=\"test-instance\"} 30.0");
    }

    @Test
    void readinessIsAMetricPerCheckAndForTheWhole() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                        .contains("corvid_platform_ready{application=\"corvid\",check=\"all\","
                                + "instance=\"test-instance\"} 1.0")
                        .contains("corvid_platform_ready{application=\"corvid\",check=\"markov-module\","
                                + "instance=\"test-instance\"} 1.0")
                        .contains("corvid_platform_ready{application=\"corvid\",check=\"embedding-module\","
                                + "instance=\"test-instance\"} 1.0"));
    }

    @Test
    void flagStatesAreVisibleToAdmins() {
        given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).get("/api/v1/admin/features").then()
                .statusCode(200)
                .body("name", hasItems("markov-replies", "embedding-cache", "mlregistry-mlflow-api"))
                .body("find { it.name == 'embedding-cache' }.enabled", equalTo(false))
                .body("find { it.name == 'markov-replies' }.rolloutPercentage", equalTo(30));
    }

    @Test
    void forceKeysWinOverRollout() {
        // guild-forced-1 is a force key; bucket 69 (pinned in RolloutTest) is outside a 30 % rollout.
        given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).queryParam("key", "guild-forced-1")
                .get("/api/v1/admin/features/markov-replies").then()
                .statusCode(200).body("enabledForKey", equalTo(true));
        given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).queryParam("key", "815916308758532096")
                .get("/api/v1/admin/features/markov-replies").then()
                .statusCode(200).body("enabledForKey", equalTo(false));
        given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).queryParam("key", "guild-forced-1")
                .get("/api/v1/admin/features/embedding-cache").then()
                .statusCode(200).body("enabledForKey", equalTo(false));
    }

    @Test
    void openApiIsTaggedPerModule() {
        given().get("/q/openapi?format=json").then()
                .statusCode(200)
                .body("tags.name", hasItems("platform", "markov", "embedding", "mlregistry"))
                .body("paths.'/api/v1/admin/features'.get.tags", hasItems("platform"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void versionIsTheBuiltOne() {
        given().get("/api/v1/platform/info").then().body("version", matchesPattern("\\d+\\.\\d+\\.\\d+.*"));
    }
}
