package dev.corvid.embedding;

/**
 * Names of the meters the embedding module exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores. Tag values are bounded: never a user id or free text.
 */
public final class EmbeddingMetrics {

    /** Every embedding meter name starts with this. */
    public static final String PREFIX = "corvid.embedding";

    private EmbeddingMetrics() {
    }
}
