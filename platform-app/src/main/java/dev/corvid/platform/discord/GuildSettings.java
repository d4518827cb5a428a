package dev.corvid.platform.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corvid.platform.api.error.InvalidInputException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One guild's settings: what is learned and when the bot speaks. The body of {@code GET/PUT
 * /api/v1/discord/guilds/{id}/settings} and what {@code /settings} edits.
 *
 * @param listenChannels channels whose messages are learned (threads follow their parent)
 * @param autoChannels channels where every human message gets a reply seeded by it
 * @param replyChance chance (0–1) of a reply to any human message in a listened channel
 * @param imageChance chance (0–1) of a reply to a message with an image; the larger chance applies
 * @param cooldownSeconds least seconds between unprompted replies in one channel
 * @param postEveryMessages an unprompted post after this many human messages in a channel; 0: never
 * @param postEveryMinutes an unprompted post on the first human message in a channel once this many minutes have
 *        passed since its last unprompted post (a silent channel gets none); 0: never
 * @param attachImages replies carry an image from one of their source messages when one had an image
 * @param generateRoles roles allowed to use {@code /mark}; empty: everyone
 * @param moderatorRoles roles that may change settings, listen, train and forget all (besides Administrator and
 *        Manage Channels)
 * @param leftAt when the bot left the guild (its chain is forgotten after {@code corvid.discord.leave-grace}); null
 *        while it is in it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GuildSettings(Set<String> listenChannels, Set<String> autoChannels, double replyChance,
        double imageChance, int cooldownSeconds, int postEveryMessages, int postEveryMinutes, boolean attachImages, Set<String> generateRoles,
        Set<String> moderatorRoles, Instant leftAt) {

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
    private static final int MAX_IDS = 500;

    public GuildSettings {
        listenChannels = ids("listenChannels", listenChannels);
        autoChannels = ids("autoChannels", autoChannels);
        generateRoles = ids("generateRoles", generateRoles);
        moderatorRoles = ids("moderatorRoles", moderatorRoles);
        chance("replyChance", replyChance);
        chance("imageChance", imageChance);
        if (cooldownSeconds < 0 || cooldownSeconds > 86_400) {
            throw new InvalidInputException("cooldownSeconds must be 0 to 86400, was " + cooldownSeconds + ".");
        }
        if (postEveryMessages < 0 || postEveryMessages > 1_000_000) {
            throw new InvalidInputException("postEveryMessages must be 0 to 1000000, was " + postEveryMessages + ".");
        }
        if (postEveryMinutes < 0 || postEveryMinutes > 10_080) {
            throw new InvalidInputException("postEveryMinutes must be 0 to 10080 (a week), was " + postEveryMinutes
                    + ".");
        }
    }

    /** A new guild's settings: nothing listened, the configured reply defaults. */
    static GuildSettings defaults(DiscordConfig.Replies replies) {
        return new GuildSettings(Set.of(), Set.of(), replies.chance(), replies.imageChance(),
                (int) replies.cooldown().toSeconds(), replies.postEveryMessages(),
                (int) replies.postEvery().toMinutes(), replies.attachImages(), Set.of(), Set.of(), null);
    }

    GuildSettings withListen(Set<String> channels) {
        return new GuildSettings(channels, autoChannels, replyChance, imageChance, cooldownSeconds,
                postEveryMessages, postEveryMinutes, attachImages, generateRoles, moderatorRoles, leftAt);
    }

    GuildSettings withLeftAt(Instant at) {
        return new GuildSettings(listenChannels, autoChannels, replyChance, imageChance, cooldownSeconds,
                postEveryMessages, postEveryMinutes, attachImages, generateRoles, moderatorRoles, at);
    }

    private static Set<String> ids(String field, Set<String> ids) {
        if (ids == null) {
            return Set.of();
        }
        if (ids.size() > MAX_IDS) {
            throw new InvalidInputException(field + " holds at most " + MAX_IDS + " ids; it has " + ids.size() + ".");
        }
        for (String id : ids) {
            if (id == null || !SNOWFLAKE.matcher(id).matches()) {
                throw new InvalidInputException(field + " holds Discord ids (1 to 20 digits); '" + id + "' is not one.");
            }
        }
        return Set.copyOf(new LinkedHashSet<>(ids));
    }

    private static void chance(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidInputException(field + " must be 0 to 1, was " + value + ".");
        }
    }
}
