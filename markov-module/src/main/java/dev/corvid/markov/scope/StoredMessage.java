package dev.corvid.markov.scope;

import java.time.Instant;

/** A stored training message with its change sequence number. */
public record StoredMessage(long seq, String id, String channel, String author, String content, Instant createdAt) {
}
