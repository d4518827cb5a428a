package dev.corvid.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Keys made and revoked at run time (what {@code ./corvid key} calls) work and stop working without a restart; only
 * their digests are stored.
 */
@QuarkusTest
class ApiKeysTest {

    @Inject
    Pool pool;

    private static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN));
    }

    private static RequestSpecification with(String key) {
        return given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(key));
    }

    @Test
    void aKeyMadeAtRunTimeWritesAtOnceAndStopsWhenRevoked() {
        String name = "writer-" + UUID.randomUUID().toString().substring(0, 8);
        String key = admin().body(Map.of("name", name, "role", "writer")).post("/api/v1/admin/keys").then()
                .statusCode(201).body("name", equalTo(name)).body("role", equalTo("writer"))
                .body("key", startsWith("corvid_")).extract().path("key");

        with(key).body(Map.of("name", "made-with-" + name)).post("/api/v1/registry/models").then().statusCode(201);
        with(key).get("/api/v1/admin/keys").then().statusCode(403);

        // Only the digest is stored, never the key.
        String stored = pool.preparedQuery("SELECT digest FROM platform.api_key WHERE name = $1")
                .execute(Tuple.of(name)).await().indefinitely().iterator().next().getString(0);
        assertThat(stored).hasSize(64).isEqualTo(ApiKeyService.digest(key)).doesNotContain(key);
        admin().get("/api/v1/admin/keys").then().statusCode(200).body("name", hasItem(name))
                .body(not(org.hamcrest.Matchers.containsString(key)));

        admin().delete("/api/v1/admin/keys/" + name).then().statusCode(204);
        with(key).body(Map.of("name", "after-revoke-" + name)).post("/api/v1/registry/models").then().statusCode(401);
        admin().delete("/api/v1/admin/keys/" + name).then().statusCode(404);
    }

    @Test
    void badKeyRequestsAreRefused() {
        admin().body(Map.of("name", "x", "role", "boss")).post("/api/v1/admin/keys").then().statusCode(400)
                .body("pointer", equalTo("/role"));
        admin().body(Map.of("name", "Has Spaces", "role", "reader")).post("/api/v1/admin/keys").then()
                .statusCode(400);
        String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("name", name, "role", "reader")).post("/api/v1/admin/keys").then().statusCode(201);
        admin().body(Map.of("name", name, "role", "reader")).post("/api/v1/admin/keys").then().statusCode(409);
        with(ApiKeys.WRITER).body(Map.of("name", "w", "role", "admin")).post("/api/v1/admin/keys").then()
                .statusCode(403);
        admin().delete("/api/v1/admin/keys/test-admin").then().statusCode(400);
    }
}
