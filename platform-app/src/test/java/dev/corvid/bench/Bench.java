package dev.corvid.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A small latency harness for in-process benchmarks: warm up, time each call, report mean, p50 and p99. Used by the
 * {@code *Benchmark} classes, which surefire's default includes never run as tests.
 */
final class Bench {

    private Bench() {
    }

    /** Latency statistics in milliseconds. */
    record Stats(int calls, double meanMs, double p50Ms, double p99Ms) {
        String p50() {
            return ms(p50Ms);
        }

        String p99() {
            return ms(p99Ms);
        }

        String mean() {
            return ms(meanMs);
        }
    }

    /** Runs {@code op} {@code warmup} times untimed, then {@code calls} times timed. */
    static Stats measure(int warmup, int calls, Supplier<?> op) {
        for (int i = 0; i < warmup; i++) {
            op.get();
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            op.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        return new Stats(calls, mean, nanos[calls / 2] / 1e6, nanos[(int) Math.ceil(calls * 0.99) - 1] / 1e6);
    }

    static String ms(double ms) {
        return ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms)
                : ms >= 1 ? String.format(Locale.ROOT, "%.2f", ms) : String.format(Locale.ROOT, "%.3f", ms);
    }

    /** CPU model, cores, memory, OS and JVM, for the results file. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB RAM, %s %s, JDK %s", cpu,
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"), Runtime.version());
    }

    /** Where results go: {@code docs/benchmarks/} of the repository. */
    static Path output(String file) throws IOException {
        Path dir = Path.of(System.getProperty("corvid.bench.out", "../docs/benchmarks"));
        Files.createDirectories(dir);
        return dir.resolve(file);
    }
}
