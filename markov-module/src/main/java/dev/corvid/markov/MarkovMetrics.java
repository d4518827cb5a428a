package dev.corvid.markov;

/**
 * Names of the meters the markov module exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores. Tag values are bounded: never a scope, user id or free text.
 */
public final class MarkovMetrics {

    /** Every markov meter name starts with this. */
    public static final String PREFIX = "corvid.markov";

    /** Counter: messages stored and learned (a training rate in Prometheus). */
    public static final String TRAINED = PREFIX + ".trained.messages";
    /** Counter: messages forgotten (deleted, or the old side of an edit). */
    public static final String FORGOTTEN = PREFIX + ".forgotten.messages";
    /** Timer with histogram: one generation request in process, tag {@code outcome} = text|none. */
    public static final String GENERATE = PREFIX + ".generate";
    /** Distribution summary: walks one generation took. */
    public static final String TRIES = PREFIX + ".generate.tries";
    /** Timer: loading a chain that was not in memory, tag {@code source} = snapshot|messages. */
    public static final String LOAD = PREFIX + ".chain.load";
    /** Timer: writing a chain snapshot. */
    public static final String SNAPSHOT = PREFIX + ".snapshot.write";
    /** Gauge: chains in memory. */
    public static final String CHAINS = PREFIX + ".cache.chains";
    /** Gauge: estimated heap bytes of the chains in memory. */
    public static final String CACHE_BYTES = PREFIX + ".cache.bytes";
    /** Function counter: chain lookups, tag {@code result} = hit|miss. */
    public static final String CACHE_REQUESTS = PREFIX + ".cache.requests";
    /** Function counter: chains evicted to stay under the memory cap. */
    public static final String CACHE_EVICTIONS = PREFIX + ".cache.evictions";
    /** Gauge: training tasks admitted and not yet finished. */
    public static final String QUEUE = PREFIX + ".training.queue";

    private MarkovMetrics() {
    }
}
