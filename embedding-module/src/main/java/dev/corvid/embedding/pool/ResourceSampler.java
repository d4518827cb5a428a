package dev.corvid.embedding.pool;

/** Where the controller's readings come from; tests supply their own. */
interface ResourceSampler {

    /** CPU load of the machine (0–1) and memory use as a fraction of the limit (0–1). */
    Reading read();

    record Reading(double cpu, double memory) {
    }
}
