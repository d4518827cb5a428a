package dev.corvid.platform.api.module;

import dev.corvid.platform.api.flags.FlagDefinition;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a module tells the platform about itself. Each module produces exactly one of these as a CDI bean; the
 * platform migrates the module's schema from {@code classpath:db/migration/<schema>}, registers its feature flags and
 * adds one readiness check named {@code <name>-module}.
 *
 * @param name           short module name, lower case ({@code markov}); used in health checks and as the OpenAPI tag
 *                       of its operations
 * @param description    one line for the module's OpenAPI tag
 * @param schema         the PostgreSQL schema the module owns; no other module reads or writes it
 * @param flags          the feature flags the module reads; the platform refuses to start if config names any other
 *                       flag
 * @param streamingPaths regular expressions of request paths whose bodies the module reads as a stream (uploads):
 *                       the platform does not buffer them and caps them at {@code quarkus.http.limits.max-body-size}
 *                       instead of {@code corvid.http.max-body-size}
 */
public record CorvidModule(String name, String description, String schema, List<FlagDefinition> flags,
        List<String> streamingPaths) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    public CorvidModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        if (!IDENTIFIER.matcher(name).matches() || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "module name and schema must be lower-case identifiers: " + name + ", " + schema);
        }
        flags = List.copyOf(flags);
        streamingPaths = List.copyOf(streamingPaths);
        Objects.requireNonNull(description, "description");
    }

    /** A module with no streamed uploads. */
    public CorvidModule(String name, String description, String schema, List<FlagDefinition> flags) {
        this(name, description, schema, flags, List.of());
    }

    /** The classpath location of this module's Flyway migrations. */
    public String migrationLocation() {
        return "classpath:db/migration/" + schema;
    }
}
