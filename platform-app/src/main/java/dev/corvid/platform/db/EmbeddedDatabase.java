package dev.corvid.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL server run from the binaries bundled in the application, with its data in a directory that outlives
 * the process. Unlike zonky's test defaults it runs with {@code fsync} and {@code synchronous_commit} on, so a commit
 * the API acknowledged survives a crash.
 *
 * <p>One owner per data directory, and the server never outlives its owner for long:
 * <ul>
 * <li>The owning JVM holds an exclusive lock on {@code <data-dir>.lock} (beside the directory, which initdb needs
 * empty) and writes its pid there. A second start on the directory while the owner lives is refused at once, naming
 * the owner's pid.</li>
 * <li>A watchdog process (a shell loop) asks the server for a fast shutdown as soon as the owning JVM is gone, so a
 * {@code kill -9}, an OOM kill or a crash leaves no server running for more than about a second.</li>
 * <li>A start that finds a server still running on the directory (the watchdog was killed too) while no live owner
 * holds the lock stops that server first, then starts its own: the next start after a crash comes up on the first
 * try.</li>
 * </ul>
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    /** The database Corvid uses; created on first start. */
    public static final String DATABASE = "corvid";
    /** initdb's superuser; the server trusts local connections. */
    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final Path lockFile;
    private int port;
    private EmbeddedPostgres server;
    private FileChannel lockChannel;
    private FileLock lock;
    private Process watchdog;

    private EmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.lockFile = this.dataDirectory.resolveSibling(this.dataDirectory.getFileName() + ".lock");
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
        database.claim();
        try {
            database.stopOrphan();
            if (clean) {
                database.wipe();
            }
            database.startServer();
        } catch (RuntimeException e) {
            database.release();
            throw e;
        }
        return database;
    }

    /** Takes the directory's lock, or refuses at once when a live process holds it. */
    private void claim() {
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock taken;
            try {
                taken = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                taken = null;
            }
            if (taken == null) {
                channel.close();
                String owner = Files.readString(lockFile).strip();
                throw new IllegalStateException("The embedded PostgreSQL data directory " + dataDirectory
                        + " is in use by Corvid process " + (owner.isEmpty() ? "(unknown pid)" : owner)
                        + " (it holds " + lockFile + "). Stop that process, or give this one its own directory with"
                        + " corvid.datasource.embedded.data-dir.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
            lockChannel = channel;
            lock = taken;
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + lockFile, e);
        }
    }

    private void release() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debugf("Releasing %s: %s", lockFile, e.getMessage());
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    /**
     * Stops a server left running on the directory by an owner that is gone (this process holds the lock, so no
     * live Corvid owns it): a smart shutdown, which the dead owner's closed connections let finish at once, and a
     * kill if it has not ended within {@link #ORPHAN_STOP_WAIT}.
     */
    private void stopOrphan() {
        Optional<ProcessHandle> orphan = runningServer();
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        LOG.warnf("PostgreSQL (pid %d) is still running on %s, left by a Corvid process that is gone; stopping it"
                + " before starting again.", postmaster.pid(), dataDirectory);
        postmaster.destroy();
        try {
            postmaster.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("PostgreSQL (pid %d) did not stop within %s; killing it.", postmaster.pid(), ORPHAN_STOP_WAIT);
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the PostgreSQL left on " + dataDirectory, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The postmaster that {@code postmaster.pid} names, if it is alive and is PostgreSQL. */
    private Optional<ProcessHandle> runningServer() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the watchdog: a shell loop that sends the postmaster SIGINT (fast shutdown) once this JVM is gone,
     * unless the server has already stopped (its {@code postmaster.pid} is gone or names another process).
     */
    private void startWatchdog() {
        Optional<ProcessHandle> postmaster = runningServer();
        if (postmaster.isEmpty() || File.separatorChar != '/') {
            return;
        }
        String script = "jvm=$1; pg=$2; pidfile=$3; while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done; "
                + "if [ -f \"$pidfile\" ] && [ \"$(head -n 1 \"$pidfile\")\" = \"$pg\" ]; then kill -INT \"$pg\"; fi";
        try {
            watchdog = new ProcessBuilder("sh", "-c", script, "corvid-pg-watchdog",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(postmaster.get().pid()),
                    dataDirectory.resolve("postmaster.pid").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warnf("No watchdog for the embedded PostgreSQL (%s): after a crash of this process the server keeps"
                    + " running until the next start stops it.", e.getMessage());
        }
    }

    private void stopWatchdog() {
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
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
            startWatchdog();
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
        stopWatchdog();
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

    /** The running server's postmaster process, for tests that freeze or kill it. */
    public Optional<ProcessHandle> serverProcess() {
        return runningServer();
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
        release();
    }

}
