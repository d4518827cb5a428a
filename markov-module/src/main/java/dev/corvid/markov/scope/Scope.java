package dev.corvid.markov.scope;

import java.time.Instant;

/** A scope (a guild, or a guild's channel) and its chain's state size. */
public record Scope(String scope, int stateSize, Instant createdAt) {
}
