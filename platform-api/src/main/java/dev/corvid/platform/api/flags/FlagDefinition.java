package dev.corvid.platform.api.flags;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A feature flag a module reads, with the state it has when config says nothing about it.
 *
 * @param name           kebab-case, prefixed by the module ({@code markov-replies})
 * @param description    what turning it on does, shown to admins
 * @param enabledByDefault whether the flag is on for every key when not configured
 */
public record FlagDefinition(String name, String description, boolean enabledByDefault) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public FlagDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("flag name must be kebab-case: " + name);
        }
    }
}
