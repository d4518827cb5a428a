package dev.corvid.platform.discord;

import dev.corvid.platform.discord.FakeDiscord.Received;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What a {@code /train} run shows on the fake Discord, for the benchmarks ({@code fake.onReceived(watch)}): history
 * pages read, the summary posted to the report channel, and the answers to interactions.
 */
final class BackfillWatch implements Consumer<Received> {

    final AtomicLong pages = new AtomicLong();
    final CountDownLatch finished = new CountDownLatch(1);
    final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    volatile String summary;
    private final String report;

    BackfillWatch(String reportChannel) {
        this.report = reportChannel;
    }

    @Override
    public void accept(Received r) {
        if (r.method().equals("GET") && r.path().contains("/messages")) {
            pages.incrementAndGet();
        } else if (r.method().equals("POST") && r.path().equals("/channels/" + report + "/messages")
                && r.body().contains("Training finished")) {
            summary = new JsonObject(r.body()).getString("content");
            finished.countDown();
        } else if (r.method().equals("POST") && r.path().startsWith("/interactions/")) {
            answers.add(new JsonObject(r.body()).getJsonObject("data").getString("content"));
        }
    }
}
