package dev.corvid.platform.db;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Stops the real embedded PostgreSQL under the running application: readiness goes DOWN, requests that need the
 * database answer 503 with Retry-After, and once the server is back everything recovers by itself, data intact.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static RequestSpecification admin() {
        return given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN));
    }

    @Test
    void readinessAndRequestsFollowTheDatabase() {
        // Against a server given by URL the test cannot stop the database; it needs the embedded one.
        Assumptions.assumeTrue(EmbeddedDatabaseConfigSourceFactory.current().isPresent(),
                "runs only on the embedded database");
        EmbeddedDatabase database = EmbeddedDatabaseConfigSourceFactory.current().orElseThrow();
        long startsBefore = admin().get("/api/v1/admin/starts").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        try {
            database.stop();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200);

            // Enough calls to see both the raw connection failure and the opened circuit: all are 503s.
            for (int i = 0; i < 6; i++) {
                admin().get("/api/v1/admin/starts").then()
                        .statusCode(503)
                        .contentType(startsWith("application/problem+json"))
                        .header("Retry-After", matchesPattern("\\d+"))
                        .body("detail", containsString("unavailable"));
            }
            // Endpoints that need no database keep working.
            given().get("/api/v1/platform/info").then().statusCode(200);
        } finally {
            database.restart();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().get("/api/v1/admin/starts").then()
                .statusCode(200)
                .body("size()", greaterThanOrEqualTo((int) startsBefore)));
    }
}
