package dev.corvid.platform.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.corvid.platform.discord.DiscordMeters.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Whether a human message gets a reply, and why. A mention always does (the rest of the message is the seed). In an
 * auto-respond channel every message does. In a listened channel a message may get a random-chance reply (a larger
 * chance with an image, markov-discord #39) or the periodic post after every N messages or, on the next message,
 * after N minutes since the channel's last unprompted post (#1; a silent channel gets no posts into the void). The
 * three unprompted kinds respect the channel's cooldown; a mention does not.
 */
final class ReplyPolicy {

    /** What the policy knows of one channel. */
    private static final class ChannelState {
        long messages;
        Instant lastUnprompted;
        /** When the minutes of the periodic post count from: the last unprompted post, or the first message seen. */
        Instant periodicFrom;
    }

    private final Cache<String, ChannelState> channels = Caffeine.newBuilder().maximumSize(200_000).build();
    private final RandomGenerator random;

    ReplyPolicy(RandomGenerator random) {
        this.random = random;
    }

    /**
     * The trigger for this message, or null for no reply.
     *
     * @param listenKey the channel (a thread's parent) whose listen setting applies
     * @param unprompted whether unprompted replies are on for this guild (flag {@code discord-unprompted})
     */
    Trigger decide(GuildSettings settings, String channelId, String listenKey, boolean mentioned, boolean hasImage,
            boolean unprompted, Instant now) {
        if (mentioned) {
            return Trigger.MENTION;
        }
        if (!unprompted) {
            return null;
        }
        boolean auto = settings.autoChannels().contains(channelId) || settings.autoChannels().contains(listenKey);
        boolean listened = settings.listenChannels().contains(listenKey);
        if (!auto && !listened) {
            return null;
        }
        ChannelState state = channels.get(channelId, id -> new ChannelState());
        synchronized (state) {
            Trigger trigger = null;
            state.messages++;
            if (state.periodicFrom == null) {
                state.periodicFrom = now;
            }
            if (auto) {
                trigger = Trigger.AUTO;
            } else if (settings.postEveryMessages() > 0 && state.messages >= settings.postEveryMessages()
                    || settings.postEveryMinutes() > 0
                            && Duration.between(state.periodicFrom, now).toMinutes() >= settings.postEveryMinutes()) {
                trigger = Trigger.PERIODIC;
            } else {
                double chance = hasImage ? Math.max(settings.replyChance(), settings.imageChance())
                        : settings.replyChance();
                if (chance > 0 && random.nextDouble() < chance) {
                    trigger = Trigger.RANDOM;
                }
            }
            if (trigger == null) {
                return null;
            }
            if (state.lastUnprompted != null
                    && Duration.between(state.lastUnprompted, now).getSeconds() < settings.cooldownSeconds()) {
                return null;
            }
            state.lastUnprompted = now;
            state.periodicFrom = now;
            if (trigger == Trigger.PERIODIC) {
                state.messages = 0;
            }
            return trigger;
        }
    }
}
