package dev.corvid.platform.discord;

import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.NewMessage;
import dev.corvid.platform.discord.FakeDiscord.Received;
import dev.corvid.platform.support.TestData;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.Test;

/**
 * The connector's benchmark (not a test: surefire's default includes never run it). Through the fake gateway on this
 * machine, in one run: live traffic over many guilds at a fixed rate with a share of mentions (reply latency from the
 * MESSAGE_CREATE frame sent to the reply POST received, and whether learning keeps up), then a {@code /train}
 * backfill of a large history from the fake's REST pages. Writes {@code docs/benchmarks/discord.md}.
 *
 * <p>Run: {@code ./corvid bench discord}. Sizes: {@code -Dcorvid.bench.guilds=1000}, {@code .rate=500} messages/s,
 * {@code .seconds=30}, {@code .mentions=0.1}, {@code .backfill=3000000}, {@code .channels=10}.
 */
@QuarkusTest
@TestProfile(DiscordBenchmark.Profile.class)
class DiscordBenchmark {

    static final int GUILDS = Integer.getInteger("corvid.bench.guilds", 1000);
    static final int RATE = Integer.getInteger("corvid.bench.rate", 500);
    static final int SECONDS = Integer.getInteger("corvid.bench.seconds", 30);
    static final double MENTIONS = Double.parseDouble(System.getProperty("corvid.bench.mentions", "0.1"));
    static final int BACKFILL = Integer.getInteger("corvid.bench.backfill", 3_000_000);
    static final int CHANNELS = Integer.getInteger("corvid.bench.channels", 10);
    static final int TRAINED_PER_GUILD = 200;
    static final String MEMBER = "200000000000000002";
    static final int TOPIC_GUILDS = 50;
    static final int TOPIC_MENTIONS = Integer.getInteger("corvid.bench.topic-mentions", 400);
    static List<String> topicGuilds = new ArrayList<>();
    static List<String> topicChannels = new ArrayList<>();

    static FakeDiscord fake;
    static List<String> guilds = new ArrayList<>();
    static List<String> channels = new ArrayList<>();
    static String backfillGuild;
    static List<String> backfillChannels = new ArrayList<>();
    static String report;
    static List<String> brown;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            List<String> forced = new ArrayList<>();
            for (int g = 1; g <= TOPIC_GUILDS; g++) {
                forced.add(FakeDiscord.guildIdOnShard(GUILDS + 1 + g, 0, 1));
            }
            return Map.of("corvid.features.markov-replies.rollout-percentage", "100",
                    "corvid.features.discord-on-topic.enabled", "true",
                    "corvid.features.discord-on-topic.rollout-percentage", "0",
                    "corvid.features.discord-on-topic.force-keys", String.join(",", forced),
                    "corvid.markov.training.snapshot-every", "50000",
                    "corvid.markov.training.queue-depth", "4096");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(World.class));
        }
    }

    /** The fake with every guild, and a history of BACKFILL messages spread over CHANNELS channels. */
    public static class World implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            brown = brownLines();
            fake = new FakeDiscord("bench-token");
            fake.recordNothing();
            for (int g = 1; g <= GUILDS; g++) {
                String id = FakeDiscord.guildIdOnShard(g, 0, 1);
                FakeDiscord.Guild guild = fake.guild(id, MEMBER);
                guilds.add(id);
                channels.add(fake.channel(guild, "chat", false));
            }
            for (int g = 1; g <= TOPIC_GUILDS; g++) {
                String id = FakeDiscord.guildIdOnShard(GUILDS + 1 + g, 0, 1);
                topicGuilds.add(id);
                topicChannels.add(fake.channel(fake.guild(id, MEMBER), "chat", false));
            }
            backfillGuild = FakeDiscord.guildIdOnShard(GUILDS + 1, 0, 1);
            FakeDiscord.Guild guild = fake.guild(backfillGuild, MEMBER);
            report = fake.channel(guild, "report", false);
            backfillChannels.addAll(history(fake, guild, backfillGuild, BACKFILL, CHANNELS, brown));
            return Map.of("corvid.discord.enabled", "true", "corvid.discord.token", "bench-token",
                    "corvid.discord.rest-url", fake.restUrl(), "corvid.discord.gateway-url", fake.wsUrl(),
                    "corvid.discord.backfill.progress-every", "5S");
        }

        @Override
        public void stop() {
            fake.close();
        }
    }

    /**
     * Adds {@code channels} channels to the guild whose histories hold {@code total} Brown messages together, made
     * page by page as JDA asks (message k of a channel, 0 the newest, has id newest - k * 4096); their ids.
     */
    static List<String> history(FakeDiscord fake, FakeDiscord.Guild guild, String guildId, int total, int channels,
            List<String> brown) {
        List<String> ids = new ArrayList<>();
        int perChannel = total / channels;
        long top = (System.currentTimeMillis() - FakeDiscord.DISCORD_EPOCH) << 22;
        JsonObject author = FakeDiscord.user(MEMBER, "member", false);
        for (int c = 0; c < channels; c++) {
            String channel = fake.channel(guild, "history-" + c, false);
            ids.add(channel);
            long newest = top - (long) c * perChannel * 4096;
            fake.history(channel, (before, limit) -> {
                long from = before == null ? 0 : (newest - Long.parseLong(before)) / 4096 + 1;
                List<JsonObject> page = new ArrayList<>(limit);
                for (long k = from; k < Math.min(perChannel, from + limit); k++) {
                    String id = Long.toString(newest - k * 4096);
                    page.add(fake.message(guildId, channel, id, author,
                            brown.get((int) ((k * 7919 + channel.hashCode()) % brown.size() + brown.size())
                                    % brown.size())));
                }
                return page;
            });
        }
        return ids;
    }

    static List<String> brownLines() {
        return TestData.brownMessages();
    }

    @Inject
    MarkovService markov;
    @Inject
    Pool pool;
    @Inject
    MeterRegistry registry;
    @Inject
    DiscordGateway gateway;
    @Inject
    Backfill backfill;
    @Inject
    GuildDirectory directory;
    @Inject
    dev.corvid.embedding.embed.EmbeddingService embeddings;
    @Inject
    DiscordConfig config;

    @Test
    void liveTrafficThenBackfill() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("# Discord connector benchmark");
        out.add("");
        out.add("Generated by `DiscordBenchmark` (`./corvid bench discord`) on " + Instant.now() + ".");
        out.add("");
        out.add("- Machine: " + dev.corvid.bench.BenchAccess.machine() + "; PostgreSQL 17 (embedded, fsync on), the"
                + " fake Discord (Vert.x, in the same JVM) and the load generator share the cores.");
        out.add("- Path: MESSAGE_CREATE frames from the fake gateway → JDA 6.5.0 (one shard, compression off) →"
                + " `MarkovBot` → Markov module → reply POST to the fake's REST API. The fake sends no rate-limit"
                + " headers, so this measures Corvid's pipeline behind JDA, not Discord's limits (real Discord allows"
                + " a bot about 50 requests/s).");
        out.add("");
        awaitReady();
        live(out);
        onTopic(out);
        backfill(out);
        Files.write(dev.corvid.bench.BenchAccess.output("discord.md"), out);
        out.forEach(System.out::println);
    }

    private void awaitReady() throws InterruptedException {
        awaitReady(gateway, GUILDS + 1 + TOPIC_GUILDS);
    }

    /** Waits (at most three minutes) until shard 0 is connected and holds {@code guilds} guilds. */
    static void awaitReady(DiscordGateway gateway, int guilds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (gateway.shards().isEmpty() || gateway.shards().get(0).getStatus() != JDA.Status.CONNECTED
                || gateway.shards().get(0).getGuildCache().size() < guilds) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the shard did not become ready");
            }
            Thread.sleep(100);
        }
    }

    private void live(List<String> out) throws Exception {
        long setup = System.nanoTime();
        for (int g = 0; g < GUILDS; g++) {
            listen(guilds.get(g), List.of(channels.get(g)));
            List<NewMessage> seed = new ArrayList<>(TRAINED_PER_GUILD);
            for (int i = 0; i < TRAINED_PER_GUILD; i++) {
                seed.add(new NewMessage("seed-" + i, channels.get(g), MEMBER,
                        brown.get((g * TRAINED_PER_GUILD + i) % brown.size()), null));
            }
            markov.train(guilds.get(g), seed).await().indefinitely();
        }
        double setupS = (System.nanoTime() - setup) / 1e9;

        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        fake.onReceived(r -> {
            if (r.method().equals("POST") && r.path().endsWith("/messages") && r.body().contains("message_reference")) {
                String id = new JsonObject(r.body()).getJsonObject("message_reference").getString("message_id");
                Long at = sent.remove(id);
                if (at != null) {
                    latencies.add(r.nanos() - at);
                }
            }
        });
        double learnedBefore = learned();
        double silentBefore = silent();
        int total = RATE * SECONDS;
        long intervalNanos = 1_000_000_000L / RATE;
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        int mentions = 0;
        long queueMax = 0;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int g = random.nextInt(GUILDS);
            boolean mention = random.nextDouble() < MENTIONS;
            String text = brown.get(random.nextInt(brown.size()));
            JsonObject m = mention
                    ? DiscordWorld.messageCreateIn(fake, guilds.get(g), channels.get(g), "<@" + FakeDiscord.BOT_ID
                            + "> " + text).put("mentions", new io.vertx.core.json.JsonArray().add(
                                    FakeDiscord.botUser()))
                    : DiscordWorld.messageCreateIn(fake, guilds.get(g), channels.get(g), text);
            if (mention) {
                mentions++;
                sent.put(m.getString("id"), System.nanoTime());
            }
            fake.dispatch(0, "MESSAGE_CREATE", m);
            if (i % 100 == 0) {
                queueMax = Math.max(queueMax, (long) registry.get("corvid.markov.training.queue").gauge().value());
            }
        }
        long sentAll = System.nanoTime();
        double sendSeconds = (sentAll - start) / 1e9;
        long drainDeadline = sentAll + TimeUnit.MINUTES.toNanos(5);
        while (learned() - learnedBefore < total && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        double drainMs = (System.nanoTime() - sentAll) / 1e6;
        long replyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latencies.size() < mentions && System.nanoTime() < replyDeadline) {
            Thread.sleep(20);
        }
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        out.add("## Live traffic: " + GUILDS + " guilds, " + RATE + " messages/s for " + SECONDS + " s, "
                + Math.round(MENTIONS * 100) + " % mentions");
        out.add("");
        out.add("Each guild's chain was trained with " + TRAINED_PER_GUILD + " Brown messages first (" + String.format(
                Locale.ROOT, "%.1f", setupS) + " s). Every message is in a listened channel, so each is learned.");
        out.add("");
        out.add("| measure | goal | result |");
        out.add("|---|---|---|");
        out.add(String.format(Locale.ROOT, "| messages sent | – | %,d in %.1f s (%.0f/s) |", total, sendSeconds,
                total / sendSeconds));
        out.add(String.format(Locale.ROOT, "| learned | all, no growing backlog | %,.0f of %,d; last one learned"
                + " %.0f ms after the last was sent; training queue at most %d tasks |", learned() - learnedBefore,
                total, drainMs, queueMax));
        out.add(String.format(Locale.ROOT, "| mention replies | every mention | %,d of %,d (generations without text,"
                + " where no walk passed markovify's overlap filter: %,.0f; a seeded one falls back to an unseeded"
                + " walk, and only when that finds nothing either the bot stays silent) |", l.length,
                mentions, silent() - silentBefore));
        if (l.length > 0) {
            out.add(String.format(Locale.ROOT, "| reply latency p50 / p99 / max (MESSAGE_CREATE sent → reply POST"
                    + " received) | p99 ≤ 25 ms | %.1f / %.1f / %.1f ms |", pct(l, 50), pct(l, 99),
                    l[l.length - 1] / 1e6));
        }
        out.add("");
        fake.onReceived(null);
    }

    /**
     * On-topic replies: mentions alternate between guilds with {@code discord-on-topic} forced on and the same number
     * of plain guilds (same training size), at a low rate; the cosine of each reply to its trigger is measured after.
     */
    private void onTopic(List<String> out) throws Exception {
        for (int g = 0; g < TOPIC_GUILDS; g++) {
            List<NewMessage> seed = new ArrayList<>(TRAINED_PER_GUILD);
            for (int i = 0; i < TRAINED_PER_GUILD; i++) {
                seed.add(new NewMessage("seed-" + i, topicChannels.get(g), MEMBER,
                        brown.get((g * TRAINED_PER_GUILD + i) % brown.size()), null));
            }
            markov.train(topicGuilds.get(g), seed).await().indefinitely();
        }
        record Pair(String trigger, String reply, boolean onTopic, long nanos) {
        }
        Map<String, String[]> sent = new ConcurrentHashMap<>();
        List<Pair> pairs = java.util.Collections.synchronizedList(new ArrayList<>());
        fake.onReceived(r -> {
            if (r.method().equals("POST") && r.path().endsWith("/messages") && r.body().contains("message_reference")) {
                JsonObject body = new JsonObject(r.body());
                String[] s = sent.remove(body.getJsonObject("message_reference").getString("message_id"));
                if (s != null) {
                    pairs.add(new Pair(s[0], body.getString("content"), s[1].equals("on"), r.nanos()
                            - Long.parseLong(s[2])));
                }
            }
        });
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < TOPIC_MENTIONS; i++) {
            boolean on = i % 2 == 0;
            int g = random.nextInt(TOPIC_GUILDS);
            String guild = on ? topicGuilds.get(g) : guilds.get(g);
            String channel = on ? topicChannels.get(g) : channels.get(g);
            String text = brown.get(random.nextInt(brown.size()));
            JsonObject m = DiscordWorld.messageCreateIn(fake, guild, channel, "<@" + FakeDiscord.BOT_ID + "> "
                    + text).put("mentions", new io.vertx.core.json.JsonArray().add(FakeDiscord.botUser()));
            sent.put(m.getString("id"), new String[] {text, on ? "on" : "off", Long.toString(System.nanoTime())});
            fake.dispatch(0, "MESSAGE_CREATE", m);
            Thread.sleep(40);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sent.isEmpty() && pairs.size() < TOPIC_MENTIONS && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        fake.onReceived(null);
        double[] cos = new double[2];
        int[] n = new int[2];
        List<List<Long>> lat = List.of(new ArrayList<>(), new ArrayList<>());
        for (Pair p : List.copyOf(pairs)) {
            var vectors = embeddings.embed(List.of(p.trigger(), p.reply()),
                    dev.corvid.embedding.embed.EmbedOptions.defaults()).await().indefinitely().vectors();
            int k = p.onTopic() ? 1 : 0;
            cos[k] += dev.corvid.embedding.model.OnnxEmbedder.cosine(vectors.get(0), vectors.get(1));
            n[k]++;
            lat.get(k).add(p.nanos());
        }
        out.add("## On-topic replies (`discord-on-topic`, " + config.onTopic().candidates() + " candidates, budget "
                + config.onTopic().budget().toMillis() + " ms)");
        out.add("");
        out.add(TOPIC_MENTIONS + " mentions at 25/s, alternating between " + TOPIC_GUILDS + " guilds with the flag on"
                + " and " + TOPIC_GUILDS + " without (each chain: " + TRAINED_PER_GUILD + " Brown messages). Cosine of"
                + " the reply to the trigger message by BGE-small (normalised, CLS).");
        out.add("");
        out.add("| replies | n | mean cosine to the trigger | latency p50 / p99 |");
        out.add("|---|---|---|---|");
        for (int k = 0; k < 2; k++) {
            long[] l = lat.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
            out.add(String.format(Locale.ROOT, "| %s | %d | %.3f | %.1f / %.1f ms |", k == 1 ? "on-topic" : "plain",
                    n[k], n[k] == 0 ? Double.NaN : cos[k] / n[k], l.length == 0 ? Double.NaN : pct(l, 50),
                    l.length == 0 ? Double.NaN : pct(l, 99)));
        }
        out.add("");
    }

    private void backfill(List<String> out) throws Exception {
        BackfillWatch watch = new BackfillWatch(report);
        fake.onReceived(watch);
        listen(backfillGuild, backfillChannels);
        double before = registry.get(DiscordMetrics.BACKFILL_MESSAGES).counter().count();
        long start = System.nanoTime();
        backfill.start(gateway.shards().get(0).getGuildById(backfillGuild), report, false);
        if (!watch.finished.await(30, TimeUnit.MINUTES)) {
            throw new AssertionError("backfill did not finish");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double stored = registry.get(DiscordMetrics.BACKFILL_MESSAGES).counter().count() - before;
        out.add("## Backfill: " + String.format(Locale.ROOT, "%,d", BACKFILL) + " history messages in " + CHANNELS
                + " channels");
        out.add("");
        out.add("`/train` in one guild: JDA reads the fake's REST pages of 100 (`before=` paging, the next page fetched"
                + " while the current one is handled); every ~1,000 messages are stored through the Markov module"
                + " and the channel's cursor is saved in PostgreSQL. One scope gets every message. Resuming after"
                + " a SIGKILL is measured in discord-crash.md.");
        out.add("");
        out.add("| measure | goal | result |");
        out.add("|---|---|---|");
        out.add(String.format(Locale.ROOT, "| history pages read | – | %,d |", watch.pages.get()));
        out.add(String.format(Locale.ROOT, "| messages stored | %,d | %,.0f |", BACKFILL, stored));
        out.add(String.format(Locale.ROOT, "| throughput | ≥ 20,000 messages/s | %,.0f messages/s (%.1f s) |",
                stored / seconds, seconds));
        out.add("");
        out.add("Summary the bot posted: “" + watch.summary + "”");
        fake.onReceived(null);
    }

    private void listen(String guild, List<String> listened) {
        directory.put(guild, new GuildSettings(java.util.Set.copyOf(listened), java.util.Set.of(), 0, 0, 0, 0, 0, false,
                java.util.Set.of(), java.util.Set.of(), null)).await().indefinitely();
    }

    private double silent() {
        var timer = registry.find(dev.corvid.markov.MarkovMetrics.GENERATE).tag("outcome", "none").timer();
        return timer == null ? 0 : timer.count();
    }

    private double learned() {
        return registry.get(DiscordMetrics.LEARNED).counter().count();
    }

    /**
     * {@code total} mentions of the bot at {@code rate} per second, each in a guild chosen uniformly at random (seed 3)
     * with a Brown sentence; {@code tick} runs every {@code rate} mentions. Waits up to 30 s for the replies and
     * returns their latencies (trigger dispatched to reply posted), sorted, in nanoseconds.
     */
    static long[] mentions(FakeDiscord fake, List<String> guilds, List<String> channels, List<String> brown, int rate,
            int total, Runnable tick) throws InterruptedException {
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
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int g = random.nextInt(guilds.size());
            JsonObject m = DiscordWorld.messageCreateIn(fake, guilds.get(g), channels.get(g), "<@"
                    + FakeDiscord.BOT_ID + "> " + brown.get(random.nextInt(brown.size())))
                    .put("mentions", new io.vertx.core.json.JsonArray().add(FakeDiscord.botUser()));
            sent.put(m.getString("id"), System.nanoTime());
            fake.dispatch(0, "MESSAGE_CREATE", m);
            if (i % rate == 0) {
                tick.run();
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sent.isEmpty() && System.nanoTime() < end && latencies.size() < total) {
            Thread.sleep(20);
        }
        fake.onReceived(null);
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The p-th percentile of sorted nanoseconds, in milliseconds. */
    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
