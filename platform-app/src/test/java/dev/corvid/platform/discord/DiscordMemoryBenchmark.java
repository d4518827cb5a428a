package dev.corvid.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged platform's RSS under the Discord working set with the chain cache capped, per garbage collector
 * setting, side by side in one run (issue 15 part 2; a benchmark, not a test: {@code ./corvid bench discord} builds
 * the packaged app first). For each setting a fresh platform runs as a child process ({@code jvm.options}, then the
 * setting's options) against this JVM's fake Discord with 2,000 guilds; each guild's chain is trained with 200 Brown
 * messages over REST (about 700 MB of chains by the cache's weigher, so most are evicted from the 128 MB cache and
 * load again from PostgreSQL), then 6,000 mentions arrive at 100/s, then the platform idles. The child's RSS is read
 * every second. Goal: RSS ≤ 1.3 × (cache cap + 350 MB). Writes {@code docs/benchmarks/discord-memory.md}.
 */
class DiscordMemoryBenchmark {

    static final int GUILDS = Integer.getInteger("corvid.bench.memory-guilds", 2000);
    static final int TRAINED = 200;
    static final int RATE = 100;
    static final int SECONDS = Integer.getInteger("corvid.bench.memory-seconds", 60);
    static final int IDLE_SECONDS = Integer.getInteger("corvid.bench.memory-idle-seconds", 30);
    static final int CACHE_MB = 128;

    /** A JVM setting: its options go after jvm.options (later options win). */
    record Setting(String name, List<String> options) {
    }

    /**
     * Serial as shipped before issue 15 (its default heap ratios and GC time goal), then {@code jvm.options} (G1) as
     * shipped, with the embedding model loaded at start-up (the default) and on first use (which a Discord-only
     * platform without {@code discord-on-topic} never reaches).
     */
    static final List<Setting> SETTINGS = List.of(
            new Setting("Serial (`-XX:+UseSerialGC -Xms32m`, as shipped before issue 15)", List.of("-XX:-UseG1GC",
                    "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70", "-XX:GCTimeRatio=99")),
            new Setting("`jvm.options` (G1, periodic full GC every 10 s when idle, heap free ratios 5–15 %,"
                    + " `GCTimeRatio=4`), embedding model loaded at start-up", List.of()),
            new Setting("`jvm.options`, `corvid.embedding.load=first-use` (the model never loads: no request embeds)",
                    List.of("-Dcorvid.embedding.load=first-use")));

    private static final HttpClient http = HttpClient.newHttpClient();

    /** What one setting's run measured. */
    record Result(Setting setting, long startedRss, long trainedRss, long peakRss, long endRss, long idleRss,
            long[] latencies, int mentions, double cacheBytesMax, List<long[]> samples) {
    }

    @Test
    void rssUnderTheDiscordWorkingSet() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No " + jar + ": build it first (./corvid bench discord does).");
        }
        List<String> brown = DiscordBenchmark.brownLines();
        List<Result> results = new ArrayList<>();
        try (FakeDiscord fake = new FakeDiscord(DiscordBackfillCrashBenchmark.TOKEN)) {
            fake.recordNothing();
            DiscordWorld.fake = fake;
            List<String> guilds = new ArrayList<>();
            List<String> channels = new ArrayList<>();
            for (int g = 1; g <= GUILDS; g++) {
                String id = FakeDiscord.guildIdOnShard(g, 0, 1);
                guilds.add(id);
                channels.add(fake.channel(fake.guild(id, DiscordBenchmark.MEMBER), "chat", false));
            }
            for (Setting setting : SETTINGS) {
                results.add(run(jar, fake, setting, guilds, channels, brown));
            }
        }
        write(results);
    }

    private static Result run(Path jar, FakeDiscord fake, Setting setting, List<String> guilds, List<String> channels,
            List<String> brown) throws Exception {
        Path dir = Files.createTempDirectory("corvid-memory-bench");
        int port = DiscordBackfillCrashBenchmark.freePort();
        String base = "http://127.0.0.1:" + port;
        List<String> options = new ArrayList<>(setting.options());
        options.addAll(List.of("-Dcorvid.markov.cache.max-memory-mb=" + CACHE_MB,
                "-Dcorvid.features.markov-replies.rollout-percentage=100", "-Dquarkus.log.level=WARN"));
        Process app = DiscordBackfillCrashBenchmark.start(jar, dir, port, fake, "platform", options);
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (app.isAlive()) {
                samples.add(new long[] {(System.nanoTime() - t0) / 1_000_000, rss(app.pid())});
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            DiscordBackfillCrashBenchmark.awaitReady(base, app);
            long startedRss = rss(app.pid());
            String key = Files.readString(dir.resolve("data/admin-key")).trim();
            for (int g = 0; g < guilds.size(); g++) {
                JsonArray batch = new JsonArray();
                for (int i = 0; i < TRAINED; i++) {
                    batch.add(new JsonObject().put("id", "seed-" + i).put("channel", channels.get(g))
                            .put("author", DiscordBenchmark.MEMBER)
                            .put("content", brown.get((g * TRAINED + i) % brown.size())));
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/markov/scopes/"
                        + guilds.get(g) + "/messages/batch")).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch.encode())).build();
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                // 429 while the bot still sets up its 2,000 guilds after READY (its queue is full): retry shortly.
                for (int retry = 0; r.statusCode() == 429 && retry < 120; retry++) {
                    Thread.sleep(100);
                    r = http.send(request, HttpResponse.BodyHandlers.ofString());
                }
                assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
            }
            long trainedRss = rss(app.pid());
            int total = RATE * SECONDS;
            long[] peak = {0};
            double[] cacheMax = {0};
            long[] latencies = DiscordBenchmark.mentions(fake, guilds, channels, brown, RATE, total, () -> {
                peak[0] = Math.max(peak[0], rss(app.pid()));
                try {
                    cacheMax[0] = Math.max(cacheMax[0], metric(base, "corvid_markov_cache_bytes"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long endRss = rss(app.pid());
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
            long idleRss = rss(app.pid());
            return new Result(setting, startedRss, trainedRss, Math.max(peak[0], endRss), endRss, idleRss, latencies,
                    total, cacheMax[0], new ArrayList<>(samples));
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
            sampler.interrupt();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Resident set size of a process, from /proc. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException gone) {
            return 0;
        }
        return 0;
    }

    /** One value from the platform's /q/metrics (the first series of that name), 0 when absent. */
    private static double metric(String base, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void write(List<Result> results) throws java.io.IOException {
        double goal = 1.3 * (CACHE_MB + 350);
        List<String> out = new ArrayList<>();
        out.add("# Discord connector: RSS with the chain cache capped, per collector");
        out.add("");
        out.add("Generated by `DiscordMemoryBenchmark` (`./corvid bench discord`) on " + Instant.now() + ".");
        out.add("");
        out.add("- Machine: " + dev.corvid.bench.BenchAccess.machine() + "; the packaged platform (its embedded"
                + " PostgreSQL apart, as separate processes) runs as a child process with `platform-app/jvm.options`"
                + " then the setting's options, `MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072` as `./corvid run`"
                + " sets them; the fake Discord and the load run in the benchmark's JVM on the same cores.");
        out.add(String.format(Locale.ROOT, "- %,d guilds, each chain trained with %d Brown messages over REST (about"
                + " 700 MB of chains by the cache's weigher), `corvid.markov.cache.max-memory-mb=%d`; then %,d"
                + " mentions at %d/s to guilds chosen uniformly at random (most chains load from PostgreSQL), then"
                + " %d s idle. RSS read from `/proc/PID/status` every second. Goal: RSS ≤ 1.3 × (%d + 350 MB) ="
                + " %.0f MB, generation p99 as before (29.3 ms in discord-cache.md, in-process).", GUILDS, TRAINED,
                CACHE_MB, RATE * SECONDS, RATE, IDLE_SECONDS, CACHE_MB, goal));
        out.add("");
        out.add("| setting | RSS ready | after training | peak under mentions | end of mentions | after "
                + IDLE_SECONDS + " s idle | replies | reply p50 / p99 | cache bytes, most seen |");
        out.add("|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            long[] l = r.latencies();
            out.add(String.format(Locale.ROOT, "| %s | %d MB | %d MB | **%d MB** | %d MB | %d MB | %,d of %,d |"
                    + " %.1f / %.1f ms | %.0f MB |", r.setting().name(), r.startedRss() >> 20, r.trainedRss() >> 20,
                    r.peakRss() >> 20, r.endRss() >> 20, r.idleRss() >> 20, l.length, r.mentions(),
                    l.length == 0 ? 0 : DiscordBenchmark.pct(l, 50), l.length == 0 ? 0 : DiscordBenchmark.pct(l, 99),
                    r.cacheBytesMax() / (1024 * 1024)));
        }
        out.add("");
        out.add("Options per setting: " + String.join("; ", results.stream().map(r -> r.setting().name() + ": `"
                + String.join(" ", r.setting().options()) + "`").toList()) + ".");
        out.add("");
        out.add("RSS over time (MB, one sample every 10 s; training, then mentions, then idle):");
        out.add("");
        for (Result r : results) {
            StringBuilder line = new StringBuilder("- " + r.setting().name() + ":");
            for (int i = 0; i < r.samples().size(); i += 10) {
                line.append(' ').append(r.samples().get(i)[1] >> 20);
            }
            out.add(line.toString());
        }
        Files.write(dev.corvid.bench.BenchAccess.output("discord-memory.md"), out);
        out.forEach(System.out::println);
    }
}
