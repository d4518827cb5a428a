package dev.corvid.embedding;

/**
 * Names of the meters the embedding module exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores. Tag values are bounded: never a user id or free text.
 */
public final class EmbeddingMetrics {

    /** Every embedding meter name starts with this. */
    public static final String PREFIX = "corvid.embedding";

    /** Counter: texts embedded (by inference, not from the cache). */
    public static final String TEXTS = PREFIX + ".texts";
    /** Counter: tokens embedded (real, not padding). */
    public static final String TOKENS = PREFIX + ".tokens";
    /** Distribution summary with histogram: texts per batch. */
    public static final String BATCH_SIZE = PREFIX + ".batch.size";
    /** Distribution summary with histogram: padded tokens per batch (texts × longest). */
    public static final String BATCH_TOKENS = PREFIX + ".batch.padded.tokens";
    /** Timer with histogram: time a text waited in the queue. */
    public static final String QUEUE_WAIT = PREFIX + ".queue.wait";
    /** Timer with histogram: ONNX Runtime time per batch. */
    public static final String INFERENCE = PREFIX + ".inference";
    /** Function counter: cache lookups, tag {@code result} = hit|miss. */
    public static final String CACHE_REQUESTS = PREFIX + ".cache.requests";
    /** Gauge: inference workers. */
    public static final String WORKERS = PREFIX + ".pool.workers";
    /** Gauge: 1 for the pool's current state, tag {@code state} = normal|paused|emergency. */
    public static final String STATE = PREFIX + ".pool.state";
    /** Gauge: texts waiting. */
    public static final String QUEUED = PREFIX + ".queue.texts";
    /** Gauge: the CPU load the controller last read (0–1). */
    public static final String CPU = PREFIX + ".pool.cpu";
    /** Gauge: the memory fraction the controller last read (0–1). */
    public static final String MEMORY = PREFIX + ".pool.memory";
    /** Gauge: the memory fraction it predicts two samples ahead. */
    public static final String MEMORY_PREDICTED = PREFIX + ".pool.memory.predicted";

    private EmbeddingMetrics() {
    }
}
