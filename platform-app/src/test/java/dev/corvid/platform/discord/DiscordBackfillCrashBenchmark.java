package dev.corvid.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A {@code /train} of a large history killed with SIGKILL half-way, then the platform started again (a benchmark,
 * not a test: {@code ./corvid bench discord} builds the packaged app first). The packaged platform runs as a child
 * process with its embedded PostgreSQL against the fake Discord of this JVM; it is killed after half the history
 * pages were served, started again on the same data directory, resumes the backfill by itself when the guild is
 * ready, and {@code /train} is sent again as a moderator would. At the end the guild's chain must hold every history
 * message exactly once. Writes {@code docs/benchmarks/discord-crash.md}.
 */
class DiscordBackfillCrashBenchmark {

    static final int TOTAL = Integer.getInteger("corvid.bench.crash-backfill", 3_000_000);
    static final int CHANNELS = 10;
    static final String TOKEN = "crash-token";
    static final Duration START = Duration.ofMinutes(3);

    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void killedMidBackfillResumesWithoutStoringAnythingTwice() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No " + jar + ": build it first (./corvid bench discord does).");
        }
        List<String> brown = DiscordBenchmark.brownLines();
        Path dir = Files.createTempDirectory("corvid-crash-bench");
        try (FakeDiscord fake = new FakeDiscord(TOKEN)) {
            fake.recordNothing();
            DiscordWorld.fake = fake;
            String guildId = FakeDiscord.guildIdOnShard(1, 0, 1);
            FakeDiscord.Guild guild = fake.guild(guildId, DiscordBenchmark.MEMBER);
            String report = fake.channel(guild, "report", false);
            List<String> channels = DiscordBenchmark.history(fake, guild, guildId, TOTAL, CHANNELS, brown);
            int pagesNeeded = TOTAL / 100 + CHANNELS;
            BackfillWatch watch = new BackfillWatch(report);
            fake.onReceived(watch);
            int port = freePort();
            String base = "http://127.0.0.1:" + port;

            Process first = start(jar, dir, port, fake, "first");
            long firstReady = awaitReady(base, first);
            String key = Files.readString(dir.resolve("data/admin-key")).trim();
            listen(base, key, guildId, channels);
            long trainAt = System.nanoTime();
            fake.dispatch(0, "INTERACTION_CREATE", DiscordWorld.command(guildId, report, DiscordBenchmark.MEMBER,
                    true, "train", new JsonArray(), new JsonObject()));
            while (watch.pages.get() < pagesNeeded / 2) {
                if (!first.isAlive()) {
                    throw new AssertionError("the platform died before the kill; see " + dir.resolve("first.log"));
                }
                Thread.sleep(5);
            }
            long pagesAtKill = watch.pages.get();
            double beforeKill = (System.nanoTime() - trainAt) / 1e9;
            first.destroyForcibly();
            first.waitFor();

            long restartAt = System.nanoTime();
            Process second = start(jar, dir, port, fake, "second");
            try {
                long secondReady = awaitReady(base, second);
                double restartSeconds = (System.nanoTime() - restartAt) / 1e9;
                int answersBefore = watch.answers.size();
                fake.dispatch(0, "INTERACTION_CREATE", DiscordWorld.command(guildId, report,
                        DiscordBenchmark.MEMBER, true, "train", new JsonArray(), new JsonObject()));
                if (!watch.finished.await(30, TimeUnit.MINUTES)) {
                    throw new AssertionError("the resumed backfill did not finish; see " + dir.resolve("second.log"));
                }
                double afterRestart = (System.nanoTime() - restartAt) / 1e9;
                long stored = chainMessages(base, key, guildId);
                assertThat(stored).as("messages in the guild's chain").isEqualTo(TOTAL);
                write(firstReady, pagesAtKill, beforeKill, restartSeconds, secondReady, afterRestart,
                        watch.pages.get(), pagesNeeded, stored, watch.answers.size() > answersBefore
                                ? watch.answers.get(answersBefore) : "(no answer)", watch.summary);
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
                fake.onReceived(null);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Process start(Path jar, Path dir, int port, FakeDiscord fake, String name) throws IOException {
        return start(jar, dir, port, fake, name, List.of("-Dcorvid.discord.backfill.progress-every=5S",
                "-Dcorvid.markov.training.snapshot-every=50000", "-Dcorvid.markov.training.queue-depth=4096"));
    }

    /**
     * The packaged platform as a child process, as {@code ./corvid run} starts it ({@code jvm.options}, then
     * {@code options}), on an embedded PostgreSQL under {@code dir}, connected to {@code fake}; its output goes to
     * {@code dir/<name>.log}.
     */
    static Process start(Path jar, Path dir, int port, FakeDiscord fake, String name, List<String> options)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "@" + Path.of("jvm.options").toAbsolutePath()));
        command.addAll(options);
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dcorvid.datasource.embedded.data-dir=" + dir.resolve("data/pg"),
                "-Dcorvid.discord.enabled=true", "-Dcorvid.discord.token=" + TOKEN,
                "-Dcorvid.discord.rest-url=" + fake.restUrl(), "-Dcorvid.discord.gateway-url=" + fake.wsUrl(),
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        // As ./corvid run sets them (fewer glibc arenas, large blocks back to the system).
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "131072");
        return builder.start();
    }

    /** Milliseconds from now until /q/health/ready answers 200 (Discord connected included). */
    static long awaitReady(String base, Process process) throws Exception {
        long start = System.nanoTime();
        long deadline = start + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the platform exited with " + process.exitValue() + " while starting");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + START);
    }

    private void listen(String base, String key, String guild, List<String> channels) throws Exception {
        JsonObject settings = new JsonObject().put("listenChannels", new JsonArray(channels))
                .put("autoChannels", new JsonArray()).put("replyChance", 0).put("imageChance", 0)
                .put("cooldownSeconds", 0).put("postEveryMessages", 0).put("postEveryMinutes", 0)
                .put("attachImages", false)
                .put("generateRoles", new JsonArray()).put("moderatorRoles", new JsonArray());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/discord/guilds/" + guild
                + "/settings")).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(settings.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private long chainMessages(String base, String key, String scope) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/markov/scopes/" + scope))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("chain").getLong("messages");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void write(long firstReady, long pagesAtKill, double beforeKill, double restartSeconds,
            long secondReady, double afterRestart, long pages, int pagesNeeded, long stored, String trainAnswer,
            String summary) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# Discord connector: `/train` killed half-way (SIGKILL) and resumed");
        out.add("");
        out.add("Generated by `DiscordBackfillCrashBenchmark` (`./corvid bench discord`) on " + Instant.now() + ".");
        out.add("");
        out.add("- Machine: " + dev.corvid.bench.BenchAccess.machine() + "; the packaged platform with its embedded"
                + " PostgreSQL (fsync on) runs as a child process; the fake Discord runs in the benchmark's JVM on the"
                + " same cores.");
        out.add(String.format(Locale.ROOT, "- History: %,d messages in %d channels, read in pages of 100. The platform"
                + " is killed with SIGKILL once half the pages were served, started again on the same data directory"
                + " (it resumes the backfill by itself when the guild is ready), and `/train` is sent again.", TOTAL,
                CHANNELS));
        out.add("");
        out.add("| measure | goal | result |");
        out.add("|---|---|---|");
        out.add(String.format(Locale.ROOT, "| first start, ready (Discord connected) | – | %.1f s |",
                firstReady / 1e3));
        out.add(String.format(Locale.ROOT, "| killed after | – | %.1f s, %,d of %,d pages served |", beforeKill,
                pagesAtKill, pagesNeeded));
        out.add(String.format(Locale.ROOT, "| second start after the kill | comes up on the first try | ready in %.1f s"
                + " (%.1f s after the kill) |", secondReady / 1e3, restartSeconds));
        out.add(String.format(Locale.ROOT, "| pages read in all | %,d once each, plus at most a batch per channel |"
                + " %,d (%,d read again) |", pagesNeeded, pages, Math.max(0, pages - pagesNeeded)));
        out.add(String.format(Locale.ROOT, "| messages in the guild's chain at the end | %,d, none twice | %,d |",
                TOTAL, stored));
        out.add(String.format(Locale.ROOT, "| from the restart to the summary | – | %.1f s |", afterRestart));
        out.add("");
        out.add("`/train` after the restart answered: “" + trainAnswer + "”");
        out.add("");
        out.add("Summary the bot posted: “" + summary + "”");
        Files.write(dev.corvid.bench.BenchAccess.output("discord-crash.md"), out);
        out.forEach(System.out::println);
    }
}
