package dev.corvid.mlregistry.registry;

import dev.corvid.platform.api.db.ChannelListener;
import dev.corvid.platform.api.db.DatabaseConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * LISTENs on {@link RegistryStore#INVALIDATION_CHANNEL} over a dedicated connection and drops the named model's
 * snapshot whenever any instance commits a write to it. The subscriber reconnects by itself; on every (re)subscribe
 * the whole cache is dropped, since notifications sent while disconnected are lost.
 */
@ApplicationScoped
class InvalidationListener {

    private final RegistryService registry;
    private final Vertx vertx;
    private final DatabaseConnections database;
    private ChannelListener listener;

    InvalidationListener(RegistryService registry, Vertx vertx, DatabaseConnections database) {
        this.registry = registry;
        this.vertx = vertx;
        this.database = database;
    }

    void start(@Observes StartupEvent event) {
        listener = ChannelListener.start(vertx, database, RegistryStore.INVALIDATION_CHANNEL,
                "Registry invalidation listener", registry::invalidateAll, registry::invalidateFromNotify);
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
    }
}
