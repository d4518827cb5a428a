package dev.corvid.platform.discord;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Discord gateway connector ({@code corvid.discord.*}); off unless {@code enabled}. */
@ConfigMapping(prefix = "corvid.discord")
public interface DiscordConfig {

    /** Connects to Discord at start-up. Off by default: the platform runs without Discord. */
    @WithDefault("false")
    boolean enabled();

    /** The bot token from the Developer Portal (Bot → Reset Token). Never logged; set it in the environment. */
    Optional<String> token();

    /**
     * Discord's REST API base, ending in {@code /api/v10/}. Point it at a shared rate-limit proxy (nirn-proxy) or a
     * test server.
     */
    @WithDefault("https://discord.com/api/v10/")
    String restUrl();

    /** The gateway's WebSocket URL; Discord's by default (a resume uses the URL Discord's READY names). */
    @WithDefault("wss://gateway.discord.gg")
    String gatewayUrl();

    /** Sharding over instances. */
    Shards shards();

    /** User ids that may run moderator commands in every guild (besides Administrator / Manage Channels). */
    Optional<Set<String>> ownerIds();

    /** After the bot leaves a guild its chain is kept this long (a re-invite finds it), then forgotten. */
    @WithDefault("72H")
    Duration leaveGrace();

    /** Defaults for a guild's settings; each guild changes its own with {@code /settings}. */
    Replies replies();

    /** {@code /train}: history backfill. */
    Backfill backfill();

    /** On-topic replies: k candidates, the one closest to the trigger by BGE embedding (flag {@code discord.on-topic}). */
    OnTopic onTopic();

    /** Seeds the random-chance replies, for reproducible tests and benchmarks; unset: a fresh random source. */
    Optional<Long> randomSeed();

    interface Shards {
        /** Shards of the whole bot, over every instance. */
        @WithDefault("1")
        int total();

        /** This instance's shard ids; all of {@code 0 … total-1} when unset. */
        Optional<List<Integer>> ids();
    }

    interface Replies {
        /** Chance (0–1) of a reply to any human message in a listened channel. */
        @WithDefault("0")
        double chance();

        /** Chance (0–1) of a reply to a message with an image (markov-discord #39); the larger of the two applies. */
        @WithDefault("0")
        double imageChance();

        /** The least time between two unprompted replies (random, auto, periodic) in one channel. */
        @WithDefault("0S")
        Duration cooldown();

        /** An unprompted post after this many human messages in a listened channel; 0: never (markov-discord #1). */
        @WithDefault("0")
        int postEveryMessages();

        /**
         * An unprompted post on the first human message in a listened channel once this long has passed since the
         * channel's last unprompted post (whole minutes; a silent channel gets none); 0: never (markov-discord #1).
         */
        @WithDefault("0M")
        Duration postEvery();

        /** A new guild's replies carry an image from a source message that had one. */
        @WithDefault("false")
        boolean attachImages();
    }

    interface Backfill {
        /** How often the progress message is edited. */
        @WithDefault("3S")
        Duration progressEvery();

        /**
         * History messages stored (and the cursor saved) together: fewer commits; a restart re-reads at most this
         * many, and stores none of them twice.
         */
        @WithDefault("1000")
        int batchMessages();

        /** Messages per history page: 100, Discord's maximum. */
        @WithDefault("100")
        int pageSize();
    }

    interface OnTopic {
        /** Candidate generations to choose among. */
        @WithDefault("4")
        int candidates();

        /** The most time choosing may take; past it the first candidate is sent. */
        @WithDefault("250MS")
        Duration budget();
    }
}
