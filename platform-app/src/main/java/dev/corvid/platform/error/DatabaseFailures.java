package dev.corvid.platform.error;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Tells a database outage (refused, dropped, server shutting down) from a bad query, so outages answer 503 with
 * {@code Retry-After} instead of 500.
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now.
                if (state.startsWith("08") || state.startsWith("57P0")) {
                    return true;
                }
            }
            if (t.getMessage() != null && t.getMessage().contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }
}
