package dev.corvid.platform.api.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * The platform's one PostgreSQL, for a module that needs a connection of its own beside the shared pool (a
 * LISTEN/NOTIFY subscriber). The platform derives it from the same settings as the pool, so the two can never point
 * at different servers.
 */
public interface DatabaseConnections {

    /** Options for a dedicated connection: the pool's server, database and credentials. */
    PgConnectOptions dedicated();
}
