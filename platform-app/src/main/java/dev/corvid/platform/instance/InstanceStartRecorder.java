package dev.corvid.platform.instance;

import dev.corvid.platform.InstanceIdentity;
import dev.corvid.platform.db.EmbeddedDatabaseConfigSourceFactory;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Records this start once the schemas are migrated. */
@ApplicationScoped
class InstanceStartRecorder {

    private static final Logger LOG = Logger.getLogger(InstanceStartRecorder.class);

    private final InstanceStartStore store;
    private final InstanceIdentity identity;
    private final Clock clock;

    InstanceStartRecorder(InstanceStartStore store, InstanceIdentity identity, Clock clock) {
        this.store = store;
        this.identity = identity;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) throws Throwable {
        String database = EmbeddedDatabaseConfigSourceFactory.databaseKind();
        InstanceStartView start = VertxContextSupport.subscribeAndAwait(() -> store.record(identity.instance(),
                identity.version(), database, clock.instant()));
        LOG.infof("Corvid %s started as instance %s (start #%d, %s database)", identity.version(),
                identity.instance(), start.id(), database);
    }
}
