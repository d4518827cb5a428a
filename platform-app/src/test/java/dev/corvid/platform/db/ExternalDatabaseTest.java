package dev.corvid.platform.db;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a datasource URL configured, the application uses that server and starts nothing embedded. The "external"
 * server here is a separate PostgreSQL process on its own directory, reached only through the configured URL.
 */
@QuarkusTest
@TestProfile(ExternalDatabaseTest.External.class)
class ExternalDatabaseTest {

    public static class External implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SeparateServer.class));
        }
    }

    /** Starts a PostgreSQL the application does not own and hands it over as plain configuration. */
    public static class SeparateServer implements QuarkusTestResourceLifecycleManager {

        private EmbeddedDatabase server;

        @Override
        public Map<String, String> start() {
            try {
                server = EmbeddedDatabase.start(Files.createTempDirectory("corvid-external-pg"), 0, true);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.datasource.reactive.url", server.reactiveUrl(),
                    "quarkus.datasource.username", EmbeddedDatabase.USER);
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    void usesTheConfiguredServerAndStartsNothingEmbedded() {
        assertThat(EmbeddedDatabaseConfigSourceFactory.current()).isEmpty();
        given().get("/api/v1/platform/info").then().statusCode(200).body("database", equalTo("external"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
