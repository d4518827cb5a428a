package dev.corvid.platform.health;

import dev.corvid.platform.api.module.CorvidModule;
import dev.corvid.platform.db.SchemaMigrator;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Adds one readiness check per module, named {@code <module>-module}: UP while the module's schema is reachable and
 * its migration history holds no failed migration.
 */
@ApplicationScoped
class ModuleReadiness {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HealthRegistry registry;
    private final SchemaMigrator migrator;
    private final Pool pool;

    ModuleReadiness(@Readiness HealthRegistry registry, SchemaMigrator migrator, Pool pool) {
        this.registry = registry;
        this.migrator = migrator;
        this.pool = pool;
    }

    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        for (CorvidModule module : migrator.modules()) {
            registry.register(module.name() + "-module", (AsyncHealthCheck) () -> check(module));
        }
    }

    private Uni<HealthCheckResponse> check(CorvidModule module) {
        String name = module.name() + "-module";
        // The schema name is a validated identifier (CorvidModule), so it is safe to interpolate.
        String sql = "SELECT count(*) FILTER (WHERE NOT success) AS failed, max(version) AS version"
                + " FROM " + module.schema() + ".flyway_schema_history";
        return pool.query(sql).execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long failed = row.getLong("failed");
                    String version = row.getString("version");
                    return HealthCheckResponse.named(name)
                            .status(failed == 0)
                            .withData("schema", module.schema())
                            .withData("version", version == null ? "none" : version)
                            .withData("failedMigrations", failed)
                            .build();
                })
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(name).down()
                        .withData("schema", module.schema())
                        .withData("error", failure.getClass().getSimpleName() + ": " + failure.getMessage())
                        .build());
    }
}
