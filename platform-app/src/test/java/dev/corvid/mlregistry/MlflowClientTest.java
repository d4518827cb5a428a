package dev.corvid.mlregistry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The MLflow-compatible API driven by MLflow's own Java client (2.17.2): its read methods directly, writes through
 * its {@code sendPost}/{@code sendPatch} helpers, so every request and response passes MLflow's protobuf JSON.
 */
@QuarkusTest
class MlflowClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    private MlflowClient writer;
    private MlflowClient anonymous;

    @BeforeEach
    void clients() {
        String host = root.toString().replaceAll("/$", "");
        writer = new MlflowClient(new BasicMlflowHostCreds(host, ApiKeys.WRITER));
        anonymous = new MlflowClient(host);
    }

    private JsonNode post(String path, String body) throws Exception {
        return JSON.readTree(writer.sendPost(path, body));
    }

    private String createModel(String prefix) throws Exception {
        String name = RegistryApi.unique(prefix);
        JsonNode created = post("registered-models/create", "{\"name\": \"" + name + "\", \"description\": \"d\","
                + " \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}");
        assertThat(created.at("/registered_model/name").asText()).isEqualTo(name);
        return name;
    }

    private String createVersion(String name, String source, String runId) throws Exception {
        return post("model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"" + source
                + "\", \"run_id\": \"" + runId + "\"}").at("/model_version/version").asText();
    }

    @Test
    void registerAndReadBack() throws Exception {
        String name = createModel("mlflow");
        assertThat(createVersion(name, "s3://bucket/" + name + "/1", "run-1")).isEqualTo("1");
        assertThat(createVersion(name, "s3://bucket/" + name + "/2", "run-2")).isEqualTo("2");

        ModelRegistry.RegisteredModel model = anonymous.getRegisteredModel(name);
        assertThat(model.getName()).isEqualTo(name);
        assertThat(model.getDescription()).isEqualTo("d");
        assertThat(model.getTags(0).getKey()).isEqualTo("team");
        assertThat(model.getLatestVersions(0).getVersion()).isEqualTo("2");
        assertThat(model.getCreationTimestamp()).isPositive();

        ModelRegistry.ModelVersion v1 = anonymous.getModelVersion(name, "1");
        assertThat(v1.getSource()).isEqualTo("s3://bucket/" + name + "/1");
        assertThat(v1.getRunId()).isEqualTo("run-1");
        assertThat(v1.getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);
        assertThat(v1.getCurrentStage()).isEqualTo("None");

        assertThat(anonymous.getLatestVersions(name)).extracting(ModelRegistry.ModelVersion::getVersion)
                .containsExactly("2");
        assertThat(anonymous.getModelVersionDownloadUri(name, "2")).isEqualTo("s3://bucket/" + name + "/2");
    }

    @Test
    void updateRenameTagsAndAliases() throws Exception {
        String name = createModel("mlflow-update");
        createVersion(name, "s3://a", "r");
        writer.sendPatch("registered-models/update", "{\"name\": \"" + name + "\", \"description\": \"new\"}");
        writer.sendPatch("model-versions/update", "{\"name\": \"" + name + "\", \"version\": \"1\","
                + " \"description\": \"v1\"}");
        post("model-versions/set-tag", "{\"name\": \"" + name + "\", \"version\": \"1\", \"key\": \"k\","
                + " \"value\": \"v\"}");
        post("registered-models/alias", "{\"name\": \"" + name + "\", \"alias\": \"champion\", \"version\": \"1\"}");

        assertThat(anonymous.getRegisteredModel(name).getDescription()).isEqualTo("new");
        ModelRegistry.ModelVersion v1 = anonymous.getModelVersion(name, "1");
        assertThat(v1.getDescription()).isEqualTo("v1");
        assertThat(v1.getTags(0).getValue()).isEqualTo("v");
        assertThat(v1.getAliasesList()).containsExactly("champion");
        JsonNode byAlias = JSON.readTree(anonymous.sendGet("registered-models/alias?name=" + name
                + "&alias=champion"));
        assertThat(byAlias.at("/model_version/version").asText()).isEqualTo("1");

        String renamed = name + "-renamed";
        post("registered-models/rename", "{\"name\": \"" + name + "\", \"new_name\": \"" + renamed + "\"}");
        assertThat(anonymous.getModelVersion(renamed, "1").getName()).isEqualTo(renamed);
        assertThatThrownBy(() -> anonymous.getRegisteredModel(name)).isInstanceOf(MlflowHttpException.class);

        given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER)).contentType("application/json")
                .body("{\"name\": \"" + renamed + "\", \"alias\": \"champion\"}")
                .delete("/api/2.0/mlflow/registered-models/alias").then().statusCode(200);
        given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER)).contentType("application/json")
                .body("{\"name\": \"" + renamed + "\", \"version\": \"1\"}")
                .delete("/api/2.0/mlflow/model-versions/delete").then().statusCode(200);
        given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER))
                .delete("/api/2.0/mlflow/registered-models/delete?name=" + renamed).then().statusCode(200);
        assertThatThrownBy(() -> anonymous.getRegisteredModel(renamed))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void searchPagesThroughEveryVersion() throws Exception {
        String name = createModel("mlflow-search");
        for (int i = 1; i <= 5; i++) {
            createVersion(name, "s3://s/" + i, "run-" + i);
        }
        List<String> versions = new ArrayList<>();
        ModelVersionsPage page = anonymous.searchModelVersions("name = '" + name + "'", 2, List.of(
                "version_number ASC"));
        while (true) {
            page.getItems().forEach(v -> versions.add(v.getVersion()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (ModelVersionsPage) page.getNextPage();
        }
        assertThat(versions).containsExactly("1", "2", "3", "4", "5");
        assertThat(anonymous.searchModelVersions("run_id = 'run-3' AND name = '" + name + "'").getItems())
                .singleElement().extracting(ModelRegistry.ModelVersion::getVersion).isEqualTo("3");
        JsonNode models = JSON.readTree(anonymous.sendGet("registered-models/search?filter="
                + java.net.URLEncoder.encode("name = '" + name + "'", "UTF-8") + "&max_results=%225%22"
                .replace("%22", "")));
        assertThat(models.at("/registered_models/0/name").asText()).isEqualTo(name);
    }

    @Test
    void errorsUseMlflowCodesAndStatuses() throws Exception {
        String name = createModel("mlflow-errors");
        assertThatThrownBy(() -> anonymous.getRegisteredModel("missing-" + name))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
                });
        assertThatThrownBy(() -> post("registered-models/create", "{\"name\": \"" + name
                + "\", \"description\": \"different\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
                });
        assertThatThrownBy(() -> anonymous.getModelVersion(name, "one"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE");
                });
        assertThatThrownBy(() -> post("model-versions/create", "{\"name\": \"" + name + "\", \"tags\": 7}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        assertThatThrownBy(() -> anonymous.sendPost("registered-models/create", "{\"name\": \"x\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getBodyMessage()).contains("UNAUTHENTICATED");
                });
        given().get("/api/2.0/mlflow/model-versions/search?max_results=abc").then().statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }

    /**
     * Regression: creating a registered model whose name exists answered 200 with the old model. MLflow answers
     * RESOURCE_ALREADY_EXISTS, and its clients rely on it ({@code mlflow.register_model} catches it and goes on to
     * create a version). Versions keep the safe retry: an identical create returns the same version.
     */
    @Test
    void anExistingNameIsResourceAlreadyExistsAndRetriedVersionsAreSafe() throws Exception {
        String body = "{\"name\": \"" + RegistryApi.unique("retry") + "\", \"description\": \"same\"}";
        JsonNode first = post("registered-models/create", body);
        assertThatThrownBy(() -> post("registered-models/create", body))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
                });
        String name = first.at("/registered_model/name").asText();
        String version = "{\"name\": \"" + name + "\", \"source\": \"s3://r/1\", \"run_id\": \"r1\"}";
        assertThat(post("model-versions/create", version).at("/model_version/version").asText()).isEqualTo("1");
        assertThat(post("model-versions/create", version).at("/model_version/version").asText()).isEqualTo("1");
        assertThat(anonymous.getLatestVersions(name)).extracting(ModelRegistry.ModelVersion::getVersion)
                .containsExactly("1");
    }

    @Test
    void int64FieldsMayBeStrings() throws Exception {
        String name = createModel("mlflow-int64");
        createVersion(name, "s3://i", "r");
        JsonNode page = JSON.readTree(anonymous.sendGet("model-versions/search?max_results=1&filter="
                + java.net.URLEncoder.encode("name = '" + name + "'", "UTF-8")));
        assertThat(page.at("/model_versions/0/creation_timestamp").isIntegralNumber()).isTrue();
        given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER)).contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"version\": 1, \"key\": \"n\", \"value\": \"x\"}")
                .post("/api/2.0/mlflow/model-versions/set-tag").then().statusCode(200);
    }
}
