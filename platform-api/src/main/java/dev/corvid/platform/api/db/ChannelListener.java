package dev.corvid.platform.api.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * LISTENs on one PostgreSQL channel over a dedicated connection that reconnects by itself (every 500 ms). Because
 * notifications sent while disconnected are lost, {@code subscribed} runs on every (re)subscribe, so the caller can
 * resynchronise (drop or refresh its cache).
 */
public final class ChannelListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelListener.class);

    private final PgSubscriber subscriber;

    private ChannelListener(PgSubscriber subscriber) {
        this.subscriber = subscriber;
    }

    /** Connects and listens; {@code what} names the listener in log lines. */
    public static ChannelListener start(Vertx vertx, DatabaseConnections database, String channel, String what,
            Runnable subscribed, Consumer<String> payload) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, database.dedicated()).reconnectPolicy(attempt -> 500L);
        subscriber.channel(channel).subscribeHandler(ignored -> subscribed.run()).handler(payload::accept);
        subscriber.closeHandler(ignored -> LOG.warnf("%s disconnected; reconnecting", what));
        subscriber.connect().onFailure(e -> LOG.warnf("%s could not connect: %s", what, e.getMessage()));
        return new ChannelListener(subscriber);
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
