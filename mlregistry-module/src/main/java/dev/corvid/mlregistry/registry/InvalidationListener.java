package dev.corvid.mlregistry.registry;

import dev.corvid.platform.api.db.DatabaseConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * LISTENs on {@link RegistryStore#INVALIDATION_CHANNEL} over a dedicated connection and drops the named model's
 * snapshot whenever any instance commits a write to it. The subscriber reconnects by itself; on every (re)subscribe
 * the whole cache is dropped, since notifications sent while disconnected are lost.
 */
@ApplicationScoped
class InvalidationListener {

    private static final Logger LOG = Logger.getLogger(InvalidationListener.class);

    private final RegistryService registry;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    InvalidationListener(RegistryService registry, Vertx vertx, DatabaseConnections database) {
        this.registry = registry;
        this.vertx = vertx;
        this.options = database.dedicated();
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 500L);
        subscriber.channel(RegistryStore.INVALIDATION_CHANNEL)
                .subscribeHandler(ignored -> registry.invalidateAll())
                .handler(registry::invalidateFromNotify);
        subscriber.closeHandler(ignored -> LOG.warn("Registry invalidation listener disconnected; reconnecting"));
        subscriber.connect().onFailure(e -> LOG.warnf("Registry invalidation listener could not connect: %s",
                e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
