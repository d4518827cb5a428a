package dev.corvid.platform.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Supplies the datasource URL of an embedded PostgreSQL when none is configured, so Corvid runs on a bare machine.
 * The server starts only when the reactive client first asks for the URL, never at build time, and stops with the
 * application ({@link EmbeddedDatabaseLifecycle}).
 *
 * <p>Settings (read here, before CDI exists): {@code corvid.datasource.embedded.enabled} (default true),
 * {@code .data-dir} (default {@code ./data/pg}), {@code .port} (default 0: any free port), {@code .clean} (wipe on
 * start, tests only).
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.reactive.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    private static final String PREFIX = "corvid.datasource.embedded.";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseConfigSourceFactory.class);

    private static EmbeddedDatabase running;

    /** The embedded server this application started, if any. */
    public static synchronized Optional<EmbeddedDatabase> current() {
        return Optional.ofNullable(running);
    }

    /** {@code embedded} when this application started its own server, else {@code external}. */
    public static String databaseKind() {
        return current().isPresent() ? "embedded" : "external";
    }

    static synchronized void stopCurrent() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (value(context, URL) != null || "false".equalsIgnoreCase(value(context, PREFIX + "enabled"))) {
            return List.of();
        }
        String dir = value(context, PREFIX + "data-dir");
        String port = value(context, PREFIX + "port");
        boolean clean = Boolean.parseBoolean(value(context, PREFIX + "clean"));
        return List.of(new LazySource(Path.of(dir == null ? "data/pg" : dir),
                port == null ? 0 : Integer.parseInt(port), clean));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(100);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    static synchronized EmbeddedDatabase startOnce(Path dir, int port, boolean clean) {
        if (running == null) {
            running = EmbeddedDatabase.start(dir, port, clean);
            LOG.infof("No datasource URL configured: using embedded PostgreSQL on localhost:%d with data in %s. "
                    + "To use a server instead set QUARKUS_DATASOURCE_REACTIVE_URL (postgresql://host:5432/db), "
                    + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.",
                    running.port(), running.dataDirectory());
        }
        return running;
    }

    /** Answers the datasource properties, starting the server the first time the URL is read. */
    private static final class LazySource implements ConfigSource {

        private final Path dir;
        private final int port;
        private final boolean clean;

        LazySource(Path dir, int port, boolean clean) {
            this.dir = dir;
            this.port = port;
            this.clean = clean;
        }

        /**
         * Lists only the user name: Quarkus records every listed runtime property's value into the built
         * application, and the URL must be resolved at run time, when the server starts.
         */
        @Override
        public Set<String> getPropertyNames() {
            return Set.of(USERNAME);
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of(USERNAME, EmbeddedDatabase.USER);
        }

        @Override
        public String getValue(String name) {
            return switch (name) {
                case URL -> startOnce(dir, port, clean).reactiveUrl();
                case USERNAME -> EmbeddedDatabase.USER;
                default -> null;
            };
        }

        @Override
        public String getName() {
            return "corvid-embedded-postgres";
        }

        @Override
        public int getOrdinal() {
            return 100;
        }
    }
}
