package dev.corvid.platform.discord;

import dev.corvid.markov.MarkovMetrics;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.NewMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Mention replies with the chain cache capped below the working set (a benchmark, not a test): many guilds, the cache
 * holds at most a quarter of their chains (128 MB of about 700 MB), so most mentions load a chain from PostgreSQL
 * first. Writes {@code docs/benchmarks/discord-cache.md}. Sizes: {@code -Dcorvid.bench.cold-guilds=2000},
 * {@code .cold-rate=100} mentions/s, {@code .cold-seconds=60}, {@code .cold-cache-mb=128}.
 */
@QuarkusTest
@TestProfile(DiscordColdCacheBenchmark.Profile.class)
class DiscordColdCacheBenchmark {

    static final int GUILDS = Integer.getInteger("corvid.bench.cold-guilds", 2000);
    static final int RATE = Integer.getInteger("corvid.bench.cold-rate", 100);
    static final int SECONDS = Integer.getInteger("corvid.bench.cold-seconds", 60);
    static final int TRAINED = 200;
    static final String MEMBER = "200000000000000002";
    static FakeDiscord fake;
    static final List<String> guilds = new ArrayList<>();
    static final List<String> channels = new ArrayList<>();
    static List<String> brown;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.features.markov-replies.rollout-percentage", "100",
                    "corvid.markov.cache.max-memory-mb", System.getProperty("corvid.bench.cold-cache-mb", "128"),
                    "corvid.markov.training.queue-depth", "4096");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(World.class));
        }
    }

    public static class World implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            brown = DiscordBenchmark.brownLines();
            fake = new FakeDiscord("bench-token");
            fake.recordNothing();
            guilds.clear();
            channels.clear();
            for (int g = 1; g <= GUILDS; g++) {
                String id = FakeDiscord.guildIdOnShard(g, 0, 1);
                guilds.add(id);
                channels.add(fake.channel(fake.guild(id, MEMBER), "chat", false));
            }
            return Map.of("corvid.discord.enabled", "true", "corvid.discord.token", "bench-token",
                    "corvid.discord.rest-url", fake.restUrl(), "corvid.discord.gateway-url", fake.wsUrl());
        }

        @Override
        public void stop() {
            fake.close();
        }
    }

    @Inject
    MarkovService markov;
    @Inject
    MeterRegistry registry;
    @Inject
    DiscordGateway gateway;

    @Test
    void mentionsWithMostChainsCold() throws Exception {
        DiscordBenchmark.awaitReady(gateway, GUILDS);
        long trainedBytes = 0;
        for (int g = 0; g < GUILDS; g++) {
            List<NewMessage> seed = new ArrayList<>(TRAINED);
            for (int i = 0; i < TRAINED; i++) {
                seed.add(new NewMessage("seed-" + i, channels.get(g), MEMBER, brown.get((g * TRAINED + i)
                        % brown.size()), null));
            }
            markov.train(guilds.get(g), seed).await().indefinitely();
            if (g == 0) {
                trainedBytes = markov.stats(guilds.get(g), false).await().indefinitely().chain().memoryBytes();
            }
        }
        markov.evictAll().await().indefinitely();
        double none0 = generatedNone();
        double hits0 = requests("hit");
        double misses0 = requests("miss");
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        fake.onReceived(r -> {
            if (r.method().equals("POST") && r.path().endsWith("/messages") && r.body().contains("message_reference")) {
                Long at = sent.remove(new JsonObject(r.body()).getJsonObject("message_reference")
                        .getString("message_id"));
                if (at != null) {
                    latencies.add(r.nanos() - at);
                }
            }
        });
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int total = RATE * SECONDS;
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        double bytesMax = 0;
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int g = random.nextInt(GUILDS);
            JsonObject m = DiscordWorld.messageCreateIn(fake, guilds.get(g), channels.get(g), "<@"
                    + FakeDiscord.BOT_ID + "> " + brown.get(random.nextInt(brown.size())))
                    .put("mentions", new JsonArray().add(FakeDiscord.botUser()));
            sent.put(m.getString("id"), System.nanoTime());
            fake.dispatch(0, "MESSAGE_CREATE", m);
            if (i % 50 == 0) {
                bytesMax = Math.max(bytesMax, registry.get(MarkovMetrics.CACHE_BYTES).gauge().value());
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sent.isEmpty() && System.nanoTime() < end && latencies.size() < total) {
            Thread.sleep(20);
        }
        fake.onReceived(null);
        double none = generatedNone() - none0;
        double hits = requests("hit") - hits0;
        double misses = requests("miss") - misses0;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        List<String> out = new ArrayList<>();
        out.add("# Discord connector: mention replies with the chain cache below the working set");
        out.add("");
        out.add("Generated by `DiscordColdCacheBenchmark` (`./corvid bench discord`) on " + Instant.now() + ".");
        out.add("");
        out.add("- Machine: " + dev.corvid.bench.BenchAccess.machine() + "; PostgreSQL 17 (embedded), the fake Discord"
                + " and the load generator share the cores.");
        out.add(String.format(Locale.ROOT, "- %,d guilds, each chain trained with %d Brown messages (the first"
                + " weighed %,d KB by the cache's weigher, so the working set is about %,d MB); cache capped at"
                + " `corvid.markov.cache.max-memory-mb=%s`. Every chain was evicted before the run, so the first"
                + " mention of each guild loads it from PostgreSQL.", GUILDS, TRAINED, trainedBytes / 1024,
                trainedBytes * GUILDS / (1024 * 1024), System.getProperty("corvid.bench.cold-cache-mb", "128")));
        out.add(String.format(Locale.ROOT, "- %,d mentions at %d/s to guilds chosen uniformly at random.", total,
                RATE));
        out.add("");
        out.add("| measure | goal | result |");
        out.add("|---|---|---|");
        out.add(String.format(Locale.ROOT, "| replies | every mention | %,d of %,d |", l.length, total));
        out.add(String.format(Locale.ROOT, "| generations whose every walk the filters rejected (no text, no reply;"
                + " a mention tries seeded, then unseeded) | – | %,.0f |", none));
        if (l.length > 0) {
            out.add(String.format(Locale.ROOT, "| reply latency p50 / p99 / max, cold loads included | p99 ≤ 100 ms |"
                    + " %.1f / %.1f / %.1f ms |", DiscordBenchmark.pct(l, 50), DiscordBenchmark.pct(l, 99), l[l.length - 1] / 1e6));
        }
        out.add(String.format(Locale.ROOT, "| chain cache hit ratio, per cache lookup | – | %.1f %% (%,.0f hits,"
                + " %,.0f misses; %.2f lookups per mention) |", 100 * hits / Math.max(1, hits + misses), hits, misses,
                (hits + misses) / total));
        out.add(String.format(Locale.ROOT, "| chains' weighed bytes, most seen | ≤ the cap | %,.0f MB |",
                bytesMax / (1024 * 1024)));
        Files.write(dev.corvid.bench.BenchAccess.output("discord-cache.md"), out);
        out.forEach(System.out::println);
    }

    private double generatedNone() {
        var timer = registry.find(dev.corvid.markov.MarkovMetrics.GENERATE).tag("outcome", "none").timer();
        return timer == null ? 0 : timer.count();
    }

    private double requests(String result) {
        var counter = registry.find(MarkovMetrics.CACHE_REQUESTS).tag("result", result).functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
