package dev.corvid.markov.chain;

/**
 * Size of one chain.
 *
 * @param order words per state
 * @param messages live training messages
 * @param states states with at least one successor
 * @param transitions distinct (state, next word) pairs with a positive count
 * @param words distinct words ever seen
 * @param memoryBytes estimated heap the chain holds, its source index included
 * @param watermark store sequence number up to which the chain is current
 */
public record ChainStats(int order, int messages, int states, long transitions, int words, long memoryBytes,
        long watermark) {
}
