package dev.corvid.mlregistry;

import static io.restassured.RestAssured.given;

import dev.corvid.platform.support.ApiKeys;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Shortcuts for the registry tests: a writer, unique names, a model with versions. */
public final class RegistryApi {

    static final String BASE = "/api/v1/registry";

    private RegistryApi() {
    }

    public static RequestSpecification writer() {
        return given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a model with {@code versions} versions (sources s3://name/1 …); returns its name. */
    public static String model(String prefix, int versions) {
        String name = unique(prefix);
        writer().body(Map.of("name", name, "description", "test model", "tags", Map.of("team", "risk")))
                .post(BASE + "/models").then().statusCode(201);
        for (int i = 1; i <= versions; i++) {
            writer().body(Map.of("source", "s3://" + name + "/" + i, "runId", "run-" + i))
                    .post(BASE + "/models/" + name + "/versions").then().statusCode(201);
        }
        return name;
    }
}
