package dev.corvid.markov.store;

/** A serialized chain that reflects every change up to {@code watermark}. */
public record Snapshot(String scope, int stateSize, long watermark, byte[] data) {
}
