package dev.corvid.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Every kind of bad request gets an RFC 9457 body that says what was wrong, and never a stack trace. */
@QuarkusTest
class ProblemDetailsTest {

    private static final String PROBLEM = "application/problem+json";

    private static RequestSpecification writer() {
        return given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body(not(containsString("at dev.corvid")))
                .body(not(containsString("Exception")));
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        problem(writer().contentType("application/json").body("{\"name\": \"a\",\n \"count\": }")
                .post("/api/v1/probe").then(), 400)
                .body("detail", allOf(containsString("Malformed JSON"), containsString("line 2")));
    }

    @Test
    void wrongTypeNamesTheField() {
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"count\":\"many\",\"kind\":\"SMALL\"}")
                .post("/api/v1/probe").then(), 400)
                .body("detail", allOf(containsString("/count"), containsString("integer"), containsString("many")));
    }

    @Test
    void unknownEnumValueListsTheChoices() {
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"count\":1,\"kind\":\"HUGE\"}")
                .post("/api/v1/probe").then(), 400)
                .body("detail", allOf(containsString("/kind"), containsString("SMALL")));
    }

    @Test
    void beanValidationListsEveryViolation() {
        problem(writer().contentType("application/json")
                .body("{\"name\":\" \",\"count\":11,\"kind\":\"SMALL\",\"items\":[{\"label\":\"x\",\"weight\":-1}]}")
                .post("/api/v1/probe").then(), 400)
                .body("violations.field", hasItem("name"))
                .body("violations.field", hasItem("count"))
                .body("violations.field", hasItem("items[0].weight"))
                .body("detail", containsString("count"));
    }

    @Test
    void missingBodyIsAViolation() {
        problem(writer().contentType("application/json").post("/api/v1/probe").then(), 400);
    }

    @Test
    void validBodyPasses() {
        writer().contentType("application/json").body("{\"name\":\"a\",\"count\":2,\"kind\":\"LARGE\",\"items\":[]}")
                .post("/api/v1/probe").then().statusCode(200).body("kind", equalTo("LARGE"));
    }

    @Test
    void unknownRouteIs404() {
        problem(given().get("/no/such/thing").then(), 404).body("detail", containsString("/no/such/thing"))
                .body("instance", equalTo("/no/such/thing"));
        problem(given().get("/api/v1/nothing-here").then(), 404);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        problem(writer().put("/api/v1/probe").then(), 405)
                .header("Allow", allOf(containsString("GET"), containsString("POST"), containsString("DELETE")))
                .body("detail", containsString("PUT"));
    }

    @Test
    void wrongMediaTypeIs415() {
        problem(writer().contentType("text/plain").body("name=a").post("/api/v1/probe").then(), 415)
                .body("detail", containsString("text/plain"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024 + 1) + "\",\"count\":1,\"kind\":\"SMALL\"}";
        problem(writer().contentType("application/json").body(big).post("/api/v1/probe").then(), 413)
                .body("limitBytes", equalTo(2 * 1024 * 1024));
    }

    @Test
    void invalidQueryParameterNamesIt() {
        problem(given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).queryParam("limit", 0)
                .get("/api/v1/admin/starts").then(), 400)
                .body("violations.field", hasItem("limit"));
    }

    @Test
    void unknownFeatureFlagIs404() {
        problem(given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN))
                .get("/api/v1/admin/features/no-such-flag").then(), 404)
                .body("detail", containsString("no-such-flag"));
    }
}
