package dev.corvid.markov.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The chain engine alone on the 57,340 Brown messages (state size 2), as markov-strings is measured: training a
 * chain in memory, and generating with markovify's overlap test. Run by {@code bench/markov-jmh.sh} (part of
 * {@code ./corvid bench markov}); results land in {@code markov-module/target/jmh-markov.json}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChainBenchmark {

    private List<Chain.Change> brown;
    private Chain chain;
    private GenerateOptions options;
    private long seed;

    @Setup
    public void setUp() throws IOException {
        brown = new ArrayList<>();
        long seq = 0;
        for (String content : ChainTest.brown()) {
            brown.add(Chain.Change.add(++seq, content));
        }
        chain = train();
        options = GenerateOptions.defaults();
    }

    /** Builds the whole chain and its source index from the corpus. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Chain train() {
        Chain fresh = new Chain(2);
        fresh.apply(brown, brown.size());
        return fresh;
    }

    /** One generated message: up to 10 walks, each with markovify's overlap test. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Generated generate() {
        return chain.generate(options.withRandomSeed(seed++));
    }
}
