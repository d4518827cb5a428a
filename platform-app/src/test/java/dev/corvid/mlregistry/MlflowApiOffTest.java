package dev.corvid.mlregistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the mlregistry-mlflow-api flag off, the MLflow API answers MLflow's 404 and the native API still works. */
@QuarkusTest
@TestProfile(MlflowApiOffTest.FlagOff.class)
class MlflowApiOffTest {

    public static class FlagOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.features.mlregistry-mlflow-api.enabled", "false");
        }
    }

    @Test
    void mlflowApiIsOffNativeApiIsOn() {
        given().get("/api/2.0/mlflow/registered-models/search").then().statusCode(404)
                .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
        given().get("/api/v1/registry/models").then().statusCode(200);
    }
}
