package dev.corvid.bench;

import java.io.IOException;
import java.nio.file.Path;

/** {@link Bench}'s machine description and report location for benchmarks in other packages. */
public final class BenchAccess {

    private BenchAccess() {
    }

    public static String machine() {
        return Bench.machine();
    }

    public static Path output(String file) throws IOException {
        return Bench.output(file);
    }
}
