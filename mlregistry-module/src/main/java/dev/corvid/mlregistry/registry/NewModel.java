package dev.corvid.mlregistry.registry;

import java.util.Map;

/** What registering a model takes. */
public record NewModel(String name, String description, String owner, Map<String, String> tags) {

    public NewModel {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
