package dev.corvid.markov.scope;

import dev.corvid.markov.chain.ChainStats;
import java.time.Instant;

/** A scope as the API shows it: its settings and its chain's size; {@code digest} only when asked for. */
public record ScopeStats(String scope, int stateSize, Instant createdAt, ChainStats chain, String digest) {
}
