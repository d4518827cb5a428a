package dev.corvid.platform;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The metric names grafana/ (dashboards, alert rules and their tests) reads, and the names /q/metrics exports. */
public final class GrafanaMetrics {

    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:corvid|jvm|process|sql_pool|system|http_server)_[a-z0-9_]+)\\b");
    private static final Pattern EXPORTED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private GrafanaMetrics() {
    }

    /** Every metric name the files under grafana/ mention. */
    public static Set<String> read() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("../grafana"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".yml"))
                    .toList()) {
                Matcher m = METRIC.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Every metric name the running platform exports now. */
    public static Set<String> exported() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = new TreeSet<>();
        Matcher m = EXPORTED.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
