package dev.corvid.platform.security;

import static io.restassured.RestAssured.given;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code corvid.security.read-requires-key=true} anonymous reads are refused. */
@QuarkusTest
@TestProfile(ReadsNeedKeyTest.ReadsNeedKey.class)
class ReadsNeedKeyTest {

    public static class ReadsNeedKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.security.read-requires-key", "true");
        }
    }

    @Test
    void anonymousReadIs401() {
        given().get("/api/v1/probe").then().statusCode(401);
        given().get("/api/v1/platform/info").then().statusCode(401);
    }

    @Test
    void readerKeyReads() {
        given().header("Authorization", ApiKeys.bearer(ApiKeys.READER)).get("/api/v1/probe").then().statusCode(200);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
