package dev.corvid.markov;

/**
 * Names of the meters the markov module exports. Dot-case under {@value #PREFIX}; Prometheus shows them with
 * underscores. Tag values are bounded: never a user id or free text.
 */
public final class MarkovMetrics {

    /** Every markov meter name starts with this. */
    public static final String PREFIX = "corvid.markov";

    private MarkovMetrics() {
    }
}
