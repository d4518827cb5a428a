package dev.corvid.markov.scope;

import java.time.Instant;

/** A training message as a client sends it; {@code id} is unique within its scope (a Discord message id). */
public record NewMessage(String id, String channel, String author, String content, Instant createdAt) {
}
