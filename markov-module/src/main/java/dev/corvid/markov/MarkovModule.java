package dev.corvid.markov;

import dev.corvid.platform.api.flags.FlagDefinition;
import dev.corvid.platform.api.module.CorvidModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Registers the markov module with the platform: its schema, migrations and feature flags. */
@ApplicationScoped
public class MarkovModule {

    /** The Discord connector writes Markov replies in a guild; roll out by guild id, force keys are guild ids. */
    public static final FlagDefinition REPLIES = new FlagDefinition("markov-replies",
            "The Discord connector writes Markov replies in a guild; roll out by guild id, force keys are guild ids.", true);

    @Produces
    @Singleton
    CorvidModule descriptor() {
        return new CorvidModule("markov", "Per-guild Markov chains: train, generate, forget", "markov",
                List.of(REPLIES), List.of("/api/v1/markov/scopes/[^/]+/import"));
    }
}
