package dev.corvid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.markov.chain.Chain;
import dev.corvid.markov.chain.GenerateOptions;
import dev.corvid.markov.chain.Generated;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.ScopeStats;
import dev.corvid.markov.scope.NewMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import dev.corvid.platform.support.TestData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The markov module's benchmark: 1,000,000 messages generated deterministically from the Brown corpus, trained
 * through the service with PostgreSQL persistence, then generation latency, heap and cold-load time on that chain;
 * and the 57,340 Brown messages themselves beside markov-strings 3.0.4 when {@code bench/markov-compare.sh} has left
 * its results in {@code target/markov-strings.json}.
 *
 * <p>Run: {@code ./corvid bench markov} (runs markov-strings first, then this). Writes
 * {@code docs/benchmarks/markov.md} and leaves the 1M corpus as JSON lines in {@code target/markov-1m.ndjson} for
 * {@code bench/markov-wrk.sh}.
 */
@QuarkusTest
@TestProfile(MarkovBenchmark.Production.class)
class MarkovBenchmark {

    private static final int MESSAGES = Integer.getInteger("corvid.bench.messages", 1_000_000);
    private static final int BATCH = 10_000;
    private static final int CALLS = Integer.getInteger("corvid.bench.calls", 20_000);
    private static final String BROWN = "markov/brown-messages.jsonl.gz";

    /** Production snapshot policy (the test profile snapshots every 100 changes). */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.markov.training.snapshot-every", "50000",
                    "quarkus.log.category.\"dev.corvid.markov\".level", "DEBUG");
        }
    }

    @Inject
    MarkovService markov;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private record Brown(String id, String channel, String author, String content) {
    }

    private static List<Brown> brown() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Brown> out = new ArrayList<>();
        try (Stream<String> lines = TestData.lines(BROWN)) {
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode n = json.readTree(line);
                out.add(new Brown(n.get("id").asText(), n.get("channel").asText(), n.get("author").asText(),
                        n.get("content").asText()));
            }
        }
        return out;
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().indefinitely();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void markov() throws IOException {
        List<String> report = new ArrayList<>();
        List<Brown> brown = brown();

        // --- Brown: engine alone and the service with persistence, for the markov-strings comparison ---------------
        List<Chain.Change> changes = new ArrayList<>();
        for (int i = 0; i < brown.size(); i++) {
            changes.add(Chain.Change.add(i + 1, brown.get(i).content()));
        }
        // The first run is cold (interpreted, then compiled); the JVM's steady state is the median of five more.
        Chain source = null;
        double[] engineRuns = new double[6];
        for (int run = 0; run < engineRuns.length; run++) {
            long t0 = System.nanoTime();
            source = new Chain(2);
            source.apply(changes, brown.size());
            engineRuns[run] = (System.nanoTime() - t0) / 1e6;
        }
        double engineColdMs = engineRuns[0];
        double[] warm = java.util.Arrays.copyOfRange(engineRuns, 1, engineRuns.length);
        java.util.Arrays.sort(warm);
        double engineTrainMs = warm[warm.length / 2];
        long t0;

        String brownScope = "bench-brown-" + System.currentTimeMillis();
        t0 = System.nanoTime();
        for (int from = 0; from < brown.size(); from += BATCH) {
            List<NewMessage> batch = new ArrayList<>();
            for (Brown b : brown.subList(from, Math.min(brown.size(), from + BATCH))) {
                batch.add(new NewMessage(b.id(), b.channel(), b.author(), b.content(), Instant.EPOCH));
            }
            await(markov.train(brownScope, batch));
        }
        double serviceTrainMs = (System.nanoTime() - t0) / 1e6;
        GenerateOptions tested = GenerateOptions.defaults();
        GenerateOptions untested = new GenerateOptions(null, GenerateOptions.SeedMode.START, 1, 50, 2000, 10, 0.7, 15,
                false, null, false);
        Bench.Stats brownGenerate = Bench.measure(2000, CALLS, () -> await(markov.generate(brownScope, tested)));
        Bench.Stats brownUntested = Bench.measure(2000, CALLS, () -> await(markov.generate(brownScope, untested)));
        long[] triesAndHits = new long[2];
        for (int i = 0; i < 2000; i++) {
            var g = await(markov.generate(brownScope, tested.withRandomSeed((long) i)));
            triesAndHits[0] += g.tries();
            triesAndHits[1] += g.text() != null ? 1 : 0;
        }

        // --- 1M messages sampled from the Brown chain (deterministic: random seed = index) ---------------------
        t0 = System.nanoTime();
        List<String> corpus = new ArrayList<>(MESSAGES);
        long words = 0;
        for (long seed = 0; corpus.size() < MESSAGES; seed++) {
            Generated g = source.generate(new GenerateOptions(null, GenerateOptions.SeedMode.START, 1, 80, 2000, 1,
                    0.7, 15, false, seed, false));
            if (g.text() != null) {
                corpus.add(g.text());
                words += g.words();
            }
        }
        double corpusMs = (System.nanoTime() - t0) / 1e6;
        Path ndjson = Path.of("target/markov-1m.ndjson");
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter out = Files.newBufferedWriter(ndjson, StandardCharsets.UTF_8)) {
            for (int i = 0; i < corpus.size(); i++) {
                Brown b = brown.get(i % brown.size());
                out.write(json.writeValueAsString(Map.of("id", "g" + i, "channel", b.channel(), "author", b.author(),
                        "content", corpus.get(i))));
                out.write('\n');
            }
        }

        // --- training 1M through the service: PostgreSQL insert + chain update per 10k batch ------------------
        String scope = "bench-1m-" + System.currentTimeMillis();
        long heapBefore = usedHeapAfterGc();
        t0 = System.nanoTime();
        for (int from = 0; from < corpus.size(); from += BATCH) {
            List<NewMessage> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(corpus.size(), from + BATCH); i++) {
                Brown b = brown.get(i % brown.size());
                batch.add(new NewMessage("g" + i, b.channel(), b.author(), corpus.get(i), Instant.EPOCH));
            }
            await(markov.train(scope, batch));
        }
        double trainMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        await(markov.evictAll());
        double finalSnapshotMs = (System.nanoTime() - t1) / 1e6;

        // --- cold loads (snapshot + nothing after it) and heap -----------------------------------------------
        // Let PostgreSQL finish the checkpoint and autovacuum that a million inserts leave behind first.
        await(pool.query("CHECKPOINT").execute());
        await(pool.query("VACUUM ANALYZE markov.message").execute());
        long heapEmpty = usedHeapAfterGc();
        List<Double> loads = new ArrayList<>();
        ScopeStats stats = null;
        for (int i = 0; i < 3; i++) {
            await(markov.evictAll());
            if (i > 0) {
                usedHeapAfterGc();
            }
            t1 = System.nanoTime();
            stats = await(markov.stats(scope, false));
            loads.add((System.nanoTime() - t1) / 1e6);
        }
        long heapLoaded = usedHeapAfterGc();
        long snapshotBytes = await(pool.preparedQuery("SELECT bytes FROM markov.snapshot WHERE scope = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(scope))).iterator().next().getLong(0);

        // --- generation on the 1M chain -----------------------------------------------------------------------
        Bench.Stats generate = Bench.measure(5000, CALLS, () -> await(markov.generate(scope, tested)));
        Bench.Stats generateUntested = Bench.measure(2000, CALLS, () -> await(markov.generate(scope, untested)));
        long tries = 0;
        int produced = 0;
        for (int i = 0; i < 2000; i++) {
            var g = await(markov.generate(scope, tested.withRandomSeed((long) i)));
            tries += g.tries();
            produced += g.text() != null ? 1 : 0;
        }

        // --- report -------------------------------------------------------------------------------------------
        report.add("# Markov module benchmark");
        report.add("");
        report.add("Generated by `MarkovBenchmark` (`./corvid bench markov`) on " + Instant.now() + ".");
        report.add("");
        report.add("- Machine: " + Bench.machine() + "; PostgreSQL 17 (embedded, fsync on) shares the cores.");
        report.add("- In process, through `MarkovService` (the path REST takes): generation hops to the worker pool"
                + " and back; training stores every message in PostgreSQL (one `unnest` insert per 10,000) before it"
                + " updates the chain.");
        report.add("");
        report.add("## 1,000,000 messages (goals from issue 4)");
        report.add("");
        report.add(String.format(Locale.ROOT, "Corpus: %,d messages, %,d words (%.1f per message), sampled from the"
                + " order-2 Brown chain with random seeds 0, 1, 2, … (%.1f s to generate, not counted).",
                corpus.size(), words, (double) words / corpus.size(), corpusMs / 1000));
        report.add("");
        report.add("| measure | goal | result |");
        report.add("|---|---|---|");
        report.add(String.format(Locale.ROOT, "| training 1M, persistence included | ≤ 30 s | %.1f s (%,.0f messages/s)"
                + " + %.1f s final snapshot |", trainMs / 1000, corpus.size() / (trainMs / 1000),
                finalSnapshotMs / 1000));
        report.add(String.format(Locale.ROOT, "| generation p99, in process (overlap test on, ≤ 10 tries) | ≤ 1 ms |"
                + " %s ms (p50 %s, mean %s; %d calls) |", generate.p99(), generate.p50(), generate.mean(),
                generate.calls()));
        report.add(String.format(Locale.ROOT, "| generation p99, overlap test off | – | %s ms (p50 %s) |",
                generateUntested.p99(), generateUntested.p50()));
        report.add(String.format(Locale.ROOT, "| heap of the 1M chain, estimate (chain + source index) | ≤ 200 MB |"
                + " %.0f MB |", stats.chain().memoryBytes() / 1e6));
        report.add(String.format(Locale.ROOT, "| heap of the 1M chain, measured (used heap after GC, loaded − evicted)"
                + " | ≤ 200 MB | %.0f MB |", (heapLoaded - heapEmpty) / 1e6));
        report.add(String.format(Locale.ROOT, "| cold load from the snapshot (%.0f MB), three times | ≤ 2 s | %s |",
                snapshotBytes / 1e6,
                String.join(", ", loads.stream().map(ms -> String.format(Locale.ROOT, "%.2f s", ms / 1000))
                        .toList())));
        report.add("");
        report.add(String.format(Locale.ROOT, "Chain: %,d states, %,d transitions, %,d words. Tries per generation:"
                + " %.2f on average; %d of 2,000 generations produced text within 10 tries. Heap before training:"
                + " %.0f MB used.", stats.chain().states(), stats.chain().transitions(), stats.chain().words(),
                tries / 2000.0, produced, heapBefore / 1e6));
        report.add("");
        report.add("## Brown corpus (57,340 messages, state size 2) beside markov-strings 3.0.4");
        report.add("");
        Path other = Path.of("target/markov-strings.json");
        JsonNode ms = Files.exists(other) ? json.readTree(other.toFile()) : null;
        report.add("| measure | markov-strings 3.0.4 (Node " + (ms == null ? "?" : ms.path("node").asText())
                + ") | Corvid | speed-up |");
        report.add("|---|---|---|---|");
        double msTrain = ms == null ? Double.NaN : ms.path("trainMs").asDouble();
        double msGen = ms == null ? Double.NaN : ms.path("generateMeanMs").asDouble();
        Path jmhFile = Path.of("../markov-module/target/jmh-markov.json");
        double jmhTrain = Double.NaN;
        double jmhTrainError = Double.NaN;
        double jmhGenerate = Double.NaN;
        if (Files.exists(jmhFile)) {
            for (JsonNode result : json.readTree(jmhFile.toFile())) {
                JsonNode metric = result.path("primaryMetric");
                if (result.path("benchmark").asText().endsWith(".train")) {
                    jmhTrain = metric.path("score").asDouble();
                    jmhTrainError = metric.path("scoreError").asDouble();
                } else if (result.path("benchmark").asText().endsWith(".generate")) {
                    jmhGenerate = metric.path("score").asDouble() / 1000;
                }
            }
        }
        report.add(String.format(Locale.ROOT, "| training, in memory (JMH `ChainBenchmark.train`: 5 × 2 s after 3 × 2 s"
                + " warm-up) | %.0f ms | %.0f ± %.0f ms | %.0f× |", msTrain, jmhTrain, jmhTrainError,
                msTrain / jmhTrain));
        report.add(String.format(Locale.ROOT, "| training, in memory (inside the Quarkus test JVM: median of 5 runs) |"
                + " %.0f ms | %.0f ms | %.0f× |", msTrain, engineTrainMs, msTrain / engineTrainMs));
        report.add(String.format(Locale.ROOT, "| training, in memory (first run in a fresh JVM) | %.0f ms | %.0f ms |"
                + " %.0f× |", msTrain, engineColdMs, msTrain / engineColdMs));
        report.add(String.format(Locale.ROOT, "| training, stored in PostgreSQL (Corvid only) | – | %.0f ms | %.0f× |",
                serviceTrainMs, msTrain / serviceTrainMs));
        report.add(String.format(Locale.ROOT, "| generation, mean, engine alone (JMH `ChainBenchmark.generate`,"
                + " overlap test on) | %.1f ms | %.4f ms | %.0f× |", msGen, jmhGenerate, msGen / jmhGenerate));
        report.add(String.format(Locale.ROOT, "| generation, mean per message (markov-strings: no filter; Corvid:"
                + " markovify overlap test) | %.1f ms | %s ms | %.0f× |", msGen, brownGenerate.mean(),
                msGen / brownGenerate.meanMs()));
        report.add(String.format(Locale.ROOT, "| generation, mean, Corvid without the overlap test | %.1f ms | %s ms |"
                + " %.0f× |", msGen, brownUntested.mean(), msGen / brownUntested.meanMs()));
        report.add(String.format(Locale.ROOT, "| generation p99 | %s | %s ms | |",
                ms == null ? "–" : String.format(Locale.ROOT, "%.1f ms", ms.path("generateP99Ms").asDouble()),
                brownGenerate.p99()));
        report.add("");
        report.add(String.format(Locale.ROOT, "Corvid on Brown: %.2f tries per generation, %d of 2,000 produced text."
                + " markov-strings: %s.", triesAndHits[0] / 2000.0, triesAndHits[1],
                ms == null ? "not run (run ./corvid bench markov)" : ms.path("note").asText()));
        Files.write(Bench.output("markov.md"), report);
        report.forEach(System.out::println);
    }
}
