package dev.corvid.embedding.pool;

import dev.corvid.platform.api.process.ProcessMemory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Readings of this process: the machine's CPU load, and memory as the larger of resident set size over the limit
 * (the cgroup's {@code memory.max} when set, else physical memory, or a configured limit) and heap used over the
 * heap maximum, so either kind of exhaustion is seen coming.
 */
public final class SystemSampler implements ResourceSampler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long limitBytes;

    /** @param limitBytes memory limit; 0 to detect it */
    public SystemSampler(long limitBytes) {
        this.limitBytes = limitBytes > 0 ? limitBytes : detectLimit(os.getTotalMemorySize());
    }

    public long limitBytes() {
        return limitBytes;
    }

    @Override
    public Reading read() {
        double cpu = Math.max(0, os.getCpuLoad());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double heapFraction = heap.getMax() > 0 ? (double) heap.getUsed() / heap.getMax() : 0;
        return new Reading(cpu, Math.max(heapFraction, (double) ProcessMemory.residentBytes() / limitBytes));
    }

    private static long detectLimit(long physical) {
        try {
            String max = Files.readString(Path.of("/sys/fs/cgroup/memory.max")).trim();
            if (!max.equals("max")) {
                return Math.min(physical, Long.parseLong(max));
            }
        } catch (IOException | NumberFormatException e) {
            // no cgroup v2 limit
        }
        return physical;
    }
}
