package dev.corvid.embedding;

import dev.corvid.platform.api.flags.FlagDefinition;
import dev.corvid.platform.api.module.CorvidModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Registers the embedding module with the platform: its schema, migrations and feature flags. */
@ApplicationScoped
public class EmbeddingModule {

    /** Embedding vectors are served from the content-hash cache when the same text, model and options were embedded before. */
    public static final FlagDefinition CACHE = new FlagDefinition("embedding-cache",
            "Embedding vectors are served from the content-hash cache when the same text, model and options were embedded before.", true);

    @Produces
    @Singleton
    CorvidModule descriptor() {
        return new CorvidModule("embedding", "BGE-small-en-v1.5 text embeddings", "embedding", List.of(CACHE));
    }
}
