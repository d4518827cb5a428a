package dev.corvid.embedding.pool;

/**
 * Decides the worker count and batch budget from CPU and memory readings, one reading per tick. Pure: no threads,
 * no clock; the caller samples and calls {@link #tick}, so tests drive it with made-up readings.
 *
 * <ul>
 * <li>Grows by one worker per tick while texts wait and CPU is under {@code cpuStop} and memory under its stop
 * fraction; stops at {@code cpuStop} (PAUSED) and resumes below {@code cpuResume} (hysteresis).</li>
 * <li>Memory is judged now and two samples ahead by a linear trend ({@code m + 2·(m − previous)}), so it stops
 * growing, and sheds a worker, before memory is exhausted rather than after.</li>
 * <li>At {@code memoryEmergency} (now or predicted) it enters EMERGENCY: one worker and the small emergency batch
 * budget, until {@code recoverySamples} consecutive readings are under {@code memoryResume}.</li>
 * <li>Sheds a worker after ten idle ticks, down to where the profile started.</li>
 * </ul>
 */
public final class PoolController {

    /** Thresholds and sizes. */
    public record Settings(int minWorkers, int maxWorkers, int initialWorkers, int batchTokens, int emergencyTokens,
            double cpuStop, double cpuResume, double memoryStop, double memoryResume, double memoryEmergency,
            int recoverySamples) {

        public Settings {
            if (minWorkers < 1 || maxWorkers < minWorkers || initialWorkers < minWorkers
                    || initialWorkers > maxWorkers) {
                throw new IllegalArgumentException("workers must satisfy 1 ≤ min ≤ initial ≤ max"
                        + " (corvid.embedding.pool.max-workers), got " + minWorkers + " / " + initialWorkers + " / "
                        + maxWorkers);
            }
            if (!(cpuResume < cpuStop) || !(memoryResume < memoryStop) || !(memoryStop < memoryEmergency)) {
                throw new IllegalArgumentException("need corvid.embedding.pool.cpu-resume < corvid.embedding.pool"
                        + ".cpu-stop and corvid.embedding.pool.memory-resume < corvid.embedding.pool.memory-stop <"
                        + " corvid.embedding.pool.memory-emergency");
            }
        }
    }

    private static final int IDLE_TICKS_TO_SHRINK = 10;

    private final Settings settings;
    private int workers;
    private PoolState state = PoolState.NORMAL;
    private double previousMemory = Double.NaN;
    private double predictedMemory;
    private int calm;
    private int idle;
    private double lastCpu;
    private double lastMemory;

    public PoolController(Settings settings) {
        this.settings = settings;
        this.workers = settings.initialWorkers();
    }

    /**
     * One reading: {@code cpu} and {@code memory} as fractions (0–1) of the machine and of the memory limit,
     * {@code waiting} texts queued. Returns the worker count to run now.
     */
    public synchronized int tick(double cpu, double memory, int waiting) {
        lastCpu = cpu;
        lastMemory = memory;
        predictedMemory = Double.isNaN(previousMemory) ? memory : memory + 2 * (memory - previousMemory);
        previousMemory = memory;
        double worstMemory = Math.max(memory, predictedMemory);

        if (worstMemory >= settings.memoryEmergency()) {
            state = PoolState.EMERGENCY;
            workers = settings.minWorkers();
            calm = 0;
            return workers;
        }
        if (state == PoolState.EMERGENCY) {
            calm = memory < settings.memoryResume() && predictedMemory < settings.memoryResume() ? calm + 1 : 0;
            if (calm < settings.recoverySamples()) {
                return workers;
            }
            state = PoolState.NORMAL;
        }
        if (worstMemory >= settings.memoryStop()) {
            state = PoolState.PAUSED;
            workers = Math.max(settings.minWorkers(), workers - 1);
            return workers;
        }
        if (cpu >= settings.cpuStop()) {
            state = PoolState.PAUSED;
            return workers;
        }
        if (state == PoolState.PAUSED) {
            if (cpu >= settings.cpuResume() || worstMemory >= settings.memoryResume()) {
                return workers;
            }
            state = PoolState.NORMAL;
        }
        if (waiting > 0) {
            idle = 0;
            if (workers < settings.maxWorkers()) {
                workers++;
            }
        } else if (++idle >= IDLE_TICKS_TO_SHRINK && workers > settings.initialWorkers()) {
            idle = 0;
            workers--;
        }
        return workers;
    }

    public synchronized int workers() {
        return workers;
    }

    public synchronized PoolState state() {
        return state;
    }

    /** The token budget a batch may use now: the normal one, or the emergency one. */
    public synchronized int batchTokens() {
        return state == PoolState.EMERGENCY ? Math.min(settings.emergencyTokens(), settings.batchTokens())
                : settings.batchTokens();
    }

    public synchronized double predictedMemory() {
        return predictedMemory;
    }

    public synchronized double lastCpu() {
        return lastCpu;
    }

    public synchronized double lastMemory() {
        return lastMemory;
    }
}
