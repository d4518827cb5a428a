package dev.corvid.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** 401 without a key, 403 with too little role, 200 with enough; reads are open by default. */
@QuarkusTest
class ApiKeySecurityTest {

    private static final String BODY = "{\"name\":\"a\",\"count\":1,\"kind\":\"SMALL\"}";

    private static RequestSpecification as(String key) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return key.equals("none") ? spec : spec.header("Authorization", ApiKeys.bearer(key(key)));
    }

    private static String key(String role) {
        return switch (role) {
            case "reader" -> ApiKeys.READER;
            case "writer" -> ApiKeys.WRITER;
            case "admin" -> ApiKeys.ADMIN;
            default -> throw new IllegalArgumentException(role);
        };
    }

    @ParameterizedTest(name = "{0} key: read {1}, write {2}, admin {3}")
    @CsvSource({
            "none,   200, 401, 401",
            "reader, 200, 403, 403",
            "writer, 200, 200, 403",
            "admin,  200, 200, 200" })
    void rolesIncludeTheOnesBelow(String role, int read, int write, int admin) {
        as(role).get("/api/v1/probe").then().statusCode(read);
        as(role).body(BODY).post("/api/v1/probe").then().statusCode(write);
        as(role).delete("/api/v1/probe").then().statusCode(admin);
    }

    @Test
    void missingKeyIs401WithChallenge() {
        given().contentType(ContentType.JSON).body(BODY).post("/api/v1/probe").then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("needs an API key"));
    }

    @Test
    void tooLittleRoleIs403() {
        as("reader").body(BODY).post("/api/v1/probe").then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("POST /api/v1/probe"));
    }

    @Test
    void unknownKeyIs401NotAnonymous() {
        given().header("Authorization", "Bearer not-a-configured-key-000000").get("/api/v1/probe").then()
                .statusCode(401)
                .body("detail", equalTo("The API key is not recognised."));
    }

    @Test
    void keyMayComeAsXApiKeyHeader() {
        given().header("X-API-Key", ApiKeys.ADMIN).delete("/api/v1/probe").then()
                .statusCode(200).body("deleted", equalTo(true));
    }

    @Test
    void adminEndpointsNeedAdmin() {
        given().get("/api/v1/admin/features").then().statusCode(401);
        as("writer").get("/api/v1/admin/features").then().statusCode(403);
        as("admin").get("/api/v1/admin/features").then().statusCode(200);
    }
}
