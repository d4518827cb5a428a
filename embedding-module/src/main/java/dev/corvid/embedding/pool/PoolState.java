package dev.corvid.embedding.pool;

/** What the adaptive pool controller is doing. */
public enum PoolState {
    /** Growing when work waits and CPU and memory allow. */
    NORMAL,
    /** At a CPU or memory stop threshold: holding (or shedding) workers until readings fall below resume. */
    PAUSED,
    /** After memory pressure: one worker, small batches, until memory stays calm for a while. */
    EMERGENCY
}
