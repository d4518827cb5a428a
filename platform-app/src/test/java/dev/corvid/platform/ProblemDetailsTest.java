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

    // ---- regressions from the hostile-input run: each class of defect, one test ----------------------------

    /** Regression: text after the document, two documents, duplicate keys and scalar coercion were accepted. */
    @Test
    void onlyOneStrictJsonDocumentIsAccepted() {
        String valid = "{\"name\":\"a\",\"count\":1,\"kind\":\"SMALL\"}";
        problem(writer().contentType("application/json").body(valid + " xyz").post("/api/v1/probe").then(), 400);
        problem(writer().contentType("application/json").body(valid + valid).post("/api/v1/probe").then(), 400)
                .body("detail", containsString("exactly one"));
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"name\":\"b\",\"count\":1,"
                + "\"kind\":\"SMALL\"}").post("/api/v1/probe").then(), 400)
                .body("detail", containsString("'name' appears twice"));
        problem(writer().contentType("application/json").body("{\"name\":123,\"count\":1,\"kind\":\"SMALL\"}")
                .post("/api/v1/probe").then(), 400).body("pointer", equalTo("/name"));
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"count\":\"2\",\"kind\":\"SMALL\"}")
                .post("/api/v1/probe").then(), 400).body("pointer", equalTo("/count"));
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"count\":2.5,\"kind\":\"SMALL\"}")
                .post("/api/v1/probe").then(), 400).body("detail", containsString("integer"));
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"count\":1,\"kind\":0}")
                .post("/api/v1/probe").then(), 400);
    }

    /** Regression: NUL and lone surrogates reached PostgreSQL (500) or were stored as '?'. */
    @Test
    void textThatCannotBeStoredIsRefusedNamingTheField() {
        problem(writer().contentType("application/json").body("{\"name\":\"a\\u0000b\",\"count\":1,\"kind\":\"SMALL\"}")
                .post("/api/v1/probe").then(), 400)
                .body("pointer", equalTo("/name")).body("detail", containsString("NUL"));
        problem(writer().contentType("application/json").body("{\"name\":\"a\\ud800\",\"count\":1,\"kind\":\"SMALL\"}")
                .post("/api/v1/probe").then(), 400)
                .body("pointer", equalTo("/name")).body("detail", containsString("lone surrogate"));
        problem(given().urlEncodingEnabled(false).get("/api/v1/markov/scopes/a%00b").then(), 400)
                .body("detail", containsString("'scope'"));
    }

    /** Regression: error details named Java types ("Cannot construct instance of `dev.corvid…`"). */
    @Test
    void errorDetailsNameNoJavaTypes() {
        problem(writer().contentType("application/json").body("[1, 2]").post("/api/v1/probe").then(), 400)
                .body("detail", not(containsString("dev.corvid"))).body("detail", not(containsString("`")))
                .body("detail", containsString("must be an object, got an array"));
        problem(writer().contentType("application/json").body("{\"name\":\"a\",\"count\":1,\"kind\":\"SMALL\","
                + "\"items\":\"x\"}").post("/api/v1/probe").then(), 400)
                .body("detail", not(containsString("java."))).body("pointer", equalTo("/items"));
    }

    /** Regression: a bad query value answered 404 "No resource"; it is a 400 naming the parameter. */
    @Test
    void untypedQueryValuesAre400NamingTheParameter() {
        problem(given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).queryParam("limit", "abc")
                .get("/api/v1/admin/starts").then(), 400).body("detail", containsString("'limit'"));
        problem(given().queryParam("pageSize", "18446744073709551616").get("/api/v1/registry/models").then(), 400)
                .body("detail", containsString("'pageSize'"));
        problem(given().queryParam("digest", "yes").get("/api/v1/markov/scopes/any").then(), 400)
                .body("detail", containsString("'digest'"));
    }

    /** Regression: a body without Content-Type was read as JSON. */
    @Test
    void aBodyWithoutContentTypeIs415() throws Exception {
        // java.net.http sends no Content-Type unless told to (REST Assured always adds one).
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:" + io.restassured.RestAssured.port + "/api/v1/probe"))
                    .header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"a\",\"count\":1,\"kind\":\"SMALL\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(415);
            org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> org.assertj.core.api.Assertions.assertThat(type).startsWith(PROBLEM));
            org.assertj.core.api.Assertions.assertThat(response.body()).contains("no Content-Type");
        }
    }

    /** Regression: the HTTP layer's own 414, 431 and the 413 of a chunked body had an empty body. */
    @Test
    void httpLayerErrorsHaveProblemBodies() throws Exception {
        problem(given().get("/api/v1/markov/scopes/" + "a".repeat(9000)).then(), 414)
                .body("detail", containsString("corvid.http.max-uri-length"));
        problem(given().header("X-Padding", "p".repeat(25_000)).get("/q/health/live").then(), 431)
                .body("detail", containsString("corvid.http.max-header-size"));
        // A chunked body (no Content-Length) over corvid.http.max-body-size (2M in tests).
        byte[] big = ("{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"count\":1,\"kind\":\"SMALL\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        problem(writer().contentType("application/json").body(new java.io.ByteArrayInputStream(big))
                .post("/api/v1/probe").then(), 413).body("limitBytes", equalTo(2 * 1024 * 1024));
    }

    /** Regression: an HTTP/1.1 request without Host got Quarkus' generic JSON error page with an error id. */
    @Test
    void aRequestWithoutHostIsAProblem() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /q/health/live HTTP/1.1\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            String headers = head.toString().toLowerCase(java.util.Locale.ROOT);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length: (\\d+)")
                    .matcher(headers);
            org.assertj.core.api.Assertions.assertThat(headers).startsWith("http/1.1 400")
                    .contains("content-type: application/problem+json");
            org.assertj.core.api.Assertions.assertThat(length.find()).isTrue();
            byte[] body = new byte[Integer.parseInt(length.group(1))];
            in.readFully(body);
            org.assertj.core.api.Assertions.assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                    .contains("'Host' header");
        }
    }

    /** Under /api/2.0/mlflow/ the HTTP layer's errors are MLflow's {"error_code", "message"}. */
    @Test
    void mlflowPathsAnswerInMlflowsFormat() {
        given().get("/api/2.0/mlflow/no-such-endpoint").then().statusCode(404)
                .body("error_code", equalTo("ENDPOINT_NOT_FOUND")).body("message", notNullValue());
        given().put("/api/2.0/mlflow/registered-models/get").then().statusCode(405)
                .header("Allow", containsString("GET")).body("error_code", equalTo("BAD_REQUEST"));
        writer().contentType("text/plain").body("x").post("/api/2.0/mlflow/registered-models/create").then()
                .statusCode(415).body("error_code", equalTo("BAD_REQUEST"));
        writer().contentType("application/json").body("{\"name\": ").post("/api/2.0/mlflow/registered-models/create")
                .then().statusCode(400).body("error_code", equalTo("MALFORMED_REQUEST"));
        writer().contentType("application/json").body("{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .post("/api/2.0/mlflow/registered-models/create").then().statusCode(413)
                .body("error_code", equalTo("BAD_REQUEST"));
    }
}
