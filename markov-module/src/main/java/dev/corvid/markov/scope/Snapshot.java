package dev.corvid.markov.scope;

/** A serialized chain that reflects every change up to {@code watermark}. */
record Snapshot(String scope, int stateSize, long watermark, byte[] data) {
}
