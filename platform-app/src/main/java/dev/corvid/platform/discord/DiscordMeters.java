package dev.corvid.platform.discord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.hooks.EventListener;

/** The connector's meters ({@link DiscordMetrics}); counts every gateway event by JDA's event class. */
@Singleton
class DiscordMeters implements EventListener {

    /** Why the bot replied. */
    enum Trigger {
        MENTION, RANDOM, AUTO, PERIODIC, COMMAND;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** How a command ended. */
    enum Outcome {
        OK, REFUSED, INVALID, FAILED;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final Map<Class<?>, Counter> events = new ConcurrentHashMap<>();
    private final Map<Trigger, Counter> replies = new EnumMap<>(Trigger.class);
    private final Map<Trigger, Timer> latency = new EnumMap<>(Trigger.class);
    final Counter learned;
    final Counter backfillMessages;
    final Counter backfillPages;

    DiscordMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Trigger t : Trigger.values()) {
            replies.put(t, Counter.builder(DiscordMetrics.REPLIES).tag(DiscordMetrics.TAG_TRIGGER, t.tag)
                    .description("Replies sent").register(registry));
            latency.put(t, Timer.builder(DiscordMetrics.REPLY_LATENCY).tag(DiscordMetrics.TAG_TRIGGER, t.tag)
                    .description("Gateway event received to reply accepted by Discord").publishPercentileHistogram()
                    .register(registry));
        }
        learned = Counter.builder(DiscordMetrics.LEARNED).description("Messages learned live").register(registry);
        backfillMessages = Counter.builder(DiscordMetrics.BACKFILL_MESSAGES).description("History messages stored")
                .register(registry);
        backfillPages = Counter.builder(DiscordMetrics.BACKFILL_PAGES).description("History pages read")
                .register(registry);
    }

    @Override
    public void onEvent(GenericEvent event) {
        events.computeIfAbsent(event.getClass(), type -> Counter.builder(DiscordMetrics.EVENTS)
                .tag(DiscordMetrics.TAG_TYPE, type.getSimpleName().replace("Event", ""))
                .description("Gateway events received").register(registry)).increment();
    }

    void replied(Trigger trigger, long receivedNanos) {
        replies.get(trigger).increment();
        latency.get(trigger).record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    void command(String name, Outcome outcome) {
        Counter.builder(DiscordMetrics.COMMANDS).tag(DiscordMetrics.TAG_COMMAND, name)
                .tag(DiscordMetrics.TAG_OUTCOME, outcome.tag).register(registry).increment();
    }
}
