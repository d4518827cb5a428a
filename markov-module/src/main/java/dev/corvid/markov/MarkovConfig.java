package dev.corvid.markov;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;
import java.util.Set;

/** Settings of the markov module, under {@code corvid.markov}. */
@ConfigMapping(prefix = "corvid.markov")
public interface MarkovConfig {

    /** Words per state for a scope created by training; a scope's own size is set with PUT on the scope. */
    @WithDefault("2")
    int defaultStateSize();

    /**
     * Guild ids whose chains are per channel: the Discord connector trains and answers in scope
     * {@code <guild>:<channel>} for these, and {@code <guild>} for every other guild.
     */
    Optional<Set<String>> channelScopedGuilds();

    /** Longest training message in characters; longer ones are refused (Discord's own cap is 4,000). */
    @WithDefault("4000")
    int maxMessageChars();

    /** Most messages in one batch request. */
    @WithDefault("10000")
    int maxBatch();

    /** In-memory chains. */
    Cache cache();

    /** The training worker pool. */
    Training training();

    /** Generation limits. */
    Generation generation();

    /** Streamed imports. */
    @WithName("import")
    Import importing();

    interface Cache {
        /** Heap the cached chains may take together, in MB; the least recently used chain is evicted beyond it. */
        @WithDefault("1024")
        int maxMemoryMb();
    }

    interface Training {
        /** Worker threads that run training, loading and snapshots (scopes run in parallel, one lane each). */
        @WithDefault("2")
        int threads();

        /** Tasks that may wait for a worker; one more is refused with 429 and Retry-After. */
        @WithDefault("256")
        int queueDepth();

        /** A scope's snapshot is rewritten after this many changes since the last one (and when evicted). */
        @WithDefault("50000")
        int snapshotEvery();
    }

    interface Generation {
        /** Most tries a request may ask for. */
        @WithDefault("1000")
        int maxTries();

        /** Most words a request may ask for. */
        @WithDefault("500")
        int maxWords();
    }

    interface Import {
        /** Messages stored per batch while importing; progress is reported after each. */
        @WithDefault("5000")
        int batchSize();
    }
}
