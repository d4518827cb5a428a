package dev.corvid.markov.scope;

/**
 * One change to a scope's training set, in the store's sequence order.
 *
 * @param seq the change's sequence number (for an add, the message's; for a forget, the forget event's)
 * @param addedSeq the sequence number the affected message was added with (equal to {@code seq} for an add)
 * @param content the message text that was added or is forgotten
 * @param add true for an add, false for a forget
 */
public record Change(long seq, long addedSeq, String content, boolean add) {
}
