package dev.corvid.platform.discord;

import dev.corvid.platform.api.flags.FlagDefinition;
import dev.corvid.platform.api.module.CorvidModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The Discord connector's schema ({@code discord}: guild settings, backfill cursors) and its feature flags. */
@ApplicationScoped
class DiscordModule {

    /** Replies nobody asked for: random-chance, auto-respond channels and periodic posts. Keys are guild ids. */
    static final FlagDefinition UNPROMPTED = new FlagDefinition("discord-unprompted",
            "Random-chance replies, auto-respond channels and periodic posts in a guild; keys are guild ids.", true);
    /** On-topic replies: the candidate closest to the trigger by BGE embedding. Keys are guild ids. */
    static final FlagDefinition ON_TOPIC = new FlagDefinition("discord-on-topic",
            "Replies chosen among k candidates by BGE cosine to the trigger message; keys are guild ids.", false);

    @Produces
    @Singleton
    CorvidModule descriptor() {
        return new CorvidModule("discord", "Discord gateway connector: guild settings, /train cursors", "discord",
                List.of(UNPROMPTED, ON_TOPIC));
    }
}
