package dev.corvid.markov.scope;

import dev.corvid.platform.api.db.ChannelListener;
import dev.corvid.platform.api.db.DatabaseConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * LISTENs on {@value #CHANNEL} over a dedicated connection: every committed change to a scope, by any instance, is
 * announced there by the store's triggers as {@code "<seq> <scope>"}. A chain cached here catches up from the change
 * sequence ({@link MarkovService#changedElsewhere}) instead of reloading. After a reconnect, when announcements may
 * have been lost, every cached chain catches up.
 */
@ApplicationScoped
class ChangeListener {

    static final String CHANNEL = "corvid_markov";
    private static final Logger LOG = Logger.getLogger(ChangeListener.class);

    private final MarkovService markov;
    private final Vertx vertx;
    private final DatabaseConnections database;
    private ChannelListener listener;

    ChangeListener(MarkovService markov, Vertx vertx, DatabaseConnections database) {
        this.markov = markov;
        this.vertx = vertx;
        this.database = database;
    }

    void start(@Observes StartupEvent event) {
        listener = ChannelListener.start(vertx, database, CHANNEL, "Markov change listener", markov::catchUpAll,
                this::announced);
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
    }

    private void announced(String payload) {
        int space = payload.indexOf(' ');
        if (space <= 0) {
            return;
        }
        try {
            markov.changedElsewhere(payload.substring(space + 1), Long.parseLong(payload.substring(0, space)));
        } catch (NumberFormatException e) {
            LOG.debugf("Ignored a malformed change announcement: %s", payload);
        }
    }
}
