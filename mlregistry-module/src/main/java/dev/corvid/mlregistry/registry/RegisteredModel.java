package dev.corvid.mlregistry.registry;

import java.util.Map;

/**
 * A registered model. Timestamps are epoch milliseconds.
 *
 * @param aliases     alias → version
 * @param lastVersion the highest version number ever assigned; numbers are never reused, even after deletion
 */
public record RegisteredModel(long id, String name, String description, String owner, Map<String, String> tags,
        Map<String, Integer> aliases, long createdAt, long updatedAt, int lastVersion) {

    public RegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
    }
}
