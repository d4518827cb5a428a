package dev.corvid.platform.db;

import dev.corvid.platform.api.module.CorvidModule;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Migrates every module's schema at start-up, before anything else touches the database. Each module gets its own
 * Flyway run with its own schema and history table ({@code <schema>.flyway_schema_history}), so module migrations
 * are numbered independently and never see each other's tables.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

    private final List<CorvidModule> modules;
    private final DatasourceSettings settings;
    private final boolean migrateAtStart;

    SchemaMigrator(Instance<CorvidModule> modules,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "corvid.datasource.migrate-at-start", defaultValue = "true") boolean migrateAtStart) {
        this.modules = modules.stream().sorted(Comparator.comparing(CorvidModule::name)).toList();
        this.settings = DatasourceSettings.fromReactive(url, user, password);
        this.migrateAtStart = migrateAtStart;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (migrateAtStart) {
            modules.forEach(this::migrate);
        }
    }

    /** Brings one module's schema to the newest migration on the classpath. */
    public MigrateResult migrate(CorvidModule module) {
        MigrateResult result = Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .schemas(module.schema())
                .defaultSchema(module.schema())
                .createSchemas(true)
                .locations(module.migrationLocation())
                .failOnMissingLocations(false)
                .connectRetries(10)
                .load()
                .migrate();
        LOG.infof("Schema %s (module %s) at version %s, %d migration(s) applied", module.schema(), module.name(),
                result.targetSchemaVersion == null ? "none" : result.targetSchemaVersion, result.migrationsExecuted);
        return result;
    }

    /** The modules in migration order. */
    public List<CorvidModule> modules() {
        return modules;
    }
}
