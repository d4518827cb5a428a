package dev.corvid.platform.db;

import dev.corvid.platform.api.db.DatabaseConnections;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@link DatabaseConnections} from the datasource settings the pool and Flyway use ({@link DatasourceSettings}). */
@Singleton
class PlatformDatabaseConnections implements DatabaseConnections {

    private final DatasourceSettings settings;

    PlatformDatabaseConnections(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.settings = DatasourceSettings.fromReactive(url, user, password);
    }

    @Override
    public PgConnectOptions dedicated() {
        return settings.connectOptions();
    }
}
