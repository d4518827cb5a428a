package dev.corvid.markov.scope;

import dev.corvid.platform.api.db.DatabaseConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
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
    private PgSubscriber subscriber;

    ChangeListener(MarkovService markov, Vertx vertx, DatabaseConnections database) {
        this.markov = markov;
        this.vertx = vertx;
        this.database = database;
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, database.dedicated()).reconnectPolicy(attempt -> 500L);
        subscriber.channel(CHANNEL).subscribeHandler(ignored -> markov.catchUpAll()).handler(this::announced);
        subscriber.closeHandler(ignored -> LOG.warn("Markov change listener disconnected; reconnecting"));
        subscriber.connect().onFailure(e -> LOG.warnf("Markov change listener could not connect: %s",
                e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
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
