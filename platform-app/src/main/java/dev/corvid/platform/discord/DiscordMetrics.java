package dev.corvid.platform.discord;

/**
 * Names of the Discord connector's meters. Dot-case under {@value #PREFIX}; Prometheus shows them with underscores.
 * Every tag value is from a fixed set: event class names of JDA, command names and outcomes defined here, triggers,
 * and configured shard ids; never a guild, channel or user id.
 */
public final class DiscordMetrics {

    public static final String PREFIX = "corvid.discord";

    /** Counter of gateway events received, by {@link #TAG_TYPE} (JDA's event class, e.g. MessageReceived). */
    public static final String EVENTS = PREFIX + ".gateway.events";
    /** Counter of slash commands and buttons, by {@link #TAG_COMMAND} and {@link #TAG_OUTCOME}. */
    public static final String COMMANDS = PREFIX + ".commands";
    /** Counter of replies sent, by {@link #TAG_TRIGGER}. */
    public static final String REPLIES = PREFIX + ".replies";
    /** Timer: gateway event received → Discord accepted the reply's REST call, by {@link #TAG_TRIGGER}. */
    public static final String REPLY_LATENCY = PREFIX + ".reply.latency";
    /** Counter of messages learned live from listened channels. */
    public static final String LEARNED = PREFIX + ".learned";
    /** Counter of REST responses with status 429 (rate limited); JDA waits for Retry-After and tries again. */
    public static final String RATE_LIMITED = PREFIX + ".rest.rate.limited";
    /** Gauge, the gateway heartbeat round trip in milliseconds, by {@link #TAG_SHARD}. */
    public static final String PING = PREFIX + ".gateway.ping";
    /** Gauge, shards of this instance that are connected. */
    public static final String CONNECTED = PREFIX + ".shards.connected";
    /** Gauge, shards configured on this instance. */
    public static final String CONFIGURED = PREFIX + ".shards.configured";
    /** Counter of history messages stored by {@code /train}. */
    public static final String BACKFILL_MESSAGES = PREFIX + ".backfill.messages";
    /** Counter of history pages read by {@code /train}. */
    public static final String BACKFILL_PAGES = PREFIX + ".backfill.pages";

    public static final String TAG_TYPE = "type";
    public static final String TAG_COMMAND = "command";
    /** ok, refused (no permission), invalid (bad option), failed. */
    public static final String TAG_OUTCOME = "outcome";
    /** mention, random, auto, periodic, command. */
    public static final String TAG_TRIGGER = "trigger";
    public static final String TAG_SHARD = "shard";

    private DiscordMetrics() {
    }
}
