package dev.corvid.platform.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one datasource's connection settings as JDBC wants them, derived from the reactive client's URL so the two
 * can never point at different servers.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/db?…}, without user info
 * @param user     from {@code quarkus.datasource.username}, else from the URL's user info
 * @param password likewise; may be null (trust or peer authentication)
 */
public record DatasourceSettings(String jdbcUrl, String user, String password) {

    /**
     * Converts a Vert.x PostgreSQL URL ({@code postgresql://}, {@code postgres://}, optionally prefixed
     * {@code vertx-reactive:}, optionally with {@code user:password@}) to JDBC form.
     */
    public static DatasourceSettings fromReactive(String reactiveUrl, Optional<String> user, Optional<String> password) {
        String url = reactiveUrl.strip();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        if (url.startsWith("postgres://")) {
            url = "postgresql://" + url.substring("postgres://".length());
        }
        if (!url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("quarkus.datasource.reactive.url must start with postgresql://, got "
                    + url.replaceAll("//[^@/]*@", "//***@"));
        }
        URI uri = URI.create(url);
        String urlUser = null;
        String urlPassword = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            urlUser = decode(parts[0]);
            urlPassword = parts.length > 1 ? decode(parts[1]) : null;
        }
        String hostPart = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String jdbc = "jdbc:postgresql://" + hostPart + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatasourceSettings(jdbc, user.orElse(urlUser), password.orElse(urlPassword));
    }

    /** The same server, database and credentials as options for one Vert.x PostgreSQL connection. */
    public PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(jdbcUrl.substring("jdbc:".length()));
        if (user != null) {
            options.setUser(user);
        }
        if (password != null) {
            options.setPassword(password);
        }
        return options;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatasourceSettings[" + jdbcUrl + ", user=" + user + "]";
    }
}
