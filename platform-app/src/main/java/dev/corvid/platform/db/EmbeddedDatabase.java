package dev.corvid.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the binaries bundled in the application, with its data in a directory that outlives
 * the process. Unlike zonky's test defaults it runs with {@code fsync} and {@code synchronous_commit} on, so a commit
 * the API acknowledged survives a crash. One instance per data directory: the server locks it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database Corvid uses; created on first start. */
    public static final String DATABASE = "corvid";
    /** initdb's superuser; the server trusts local connections. */
    public static final String USER = "postgres";

    private final Path dataDirectory;
    private int port;
    private EmbeddedPostgres server;

    private EmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.port = port;
    }

    /**
     * Starts a server on {@code dataDirectory}, running initdb only if the directory holds no cluster yet.
     *
     * @param port  the port to listen on, 0 for any free one (kept across {@link #restart()})
     * @param clean delete the directory's contents first (tests only)
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, boolean clean) {
        EmbeddedDatabase database = new EmbeddedDatabase(dataDirectory, port);
        if (clean) {
            database.wipe();
        }
        database.startServer();
        return database;
    }

    private void wipe() {
        if (!Files.exists(dataDirectory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not wipe " + dataDirectory, e);
        }
    }

    private void startServer() {
        try {
            // zonky's "clean" deletes the directory on close; ours never does, we wipe before start instead.
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
            port = server.getPort();
            createDatabaseIfMissing();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = DriverManager.getConnection(server.getJdbcUrl(USER, "postgres"));
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("could not create database " + DATABASE, e);
        }
    }

    /** Stops the server; the data stays. Safe to call twice. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    /** Starts the server again on the same directory and port, keeping the data. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    public synchronized boolean running() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The URL for the Vert.x reactive client. */
    public String reactiveUrl() {
        return "postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The URL for JDBC (Flyway). */
    public String jdbcUrl() {
        return "jdbc:" + reactiveUrl();
    }

    @Override
    public void close() {
        stop();
    }

}
