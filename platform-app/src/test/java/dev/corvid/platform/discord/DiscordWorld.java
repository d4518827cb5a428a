package dev.corvid.platform.discord;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The fake Discord the connector tests run against: two shards, guild A on shard 0 and guild B on shard 1. Guild A
 * has a chat channel, an archive with 250 messages of history (three pages), a channel whose history the bot's role
 * may not read, and one whose history REST answers 403.
 */
public final class DiscordWorld implements QuarkusTestResourceLifecycleManager {

    static final int SHARDS = 2;
    static final String OWNER = "200000000000000001";
    static final String MEMBER = "200000000000000002";
    static final String MOD = "200000000000000003";
    static final String GUILD_A = FakeDiscord.guildIdOnShard(7, 0, SHARDS);
    static final String GUILD_B = FakeDiscord.guildIdOnShard(7, 1, SHARDS);
    static final String GUILD_C = FakeDiscord.guildIdOnShard(8, 0, SHARDS);
    static final String GUILD_D = FakeDiscord.guildIdOnShard(8, 1, SHARDS);
    static final String GUILD_E = FakeDiscord.guildIdOnShard(9, 1, SHARDS);
    static final String GUILD_F = FakeDiscord.guildIdOnShard(10, 0, SHARDS);
    static final int ARCHIVE_SIZE = 250;
    static final int ARCHIVE2_SIZE = 300;

    static FakeDiscord fake;
    static String chat;
    static String archive;
    static String secret;
    static String locked;
    static String chatB;
    static String archive2;
    static String edits;
    static String chatD;
    static String pictures;
    static List<JsonObject> archive2NewestFirst;
    static List<JsonObject> archiveMessages;

    /** The test profile: the connector on, pointed at the fake, replies rolled out to every guild. */
    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.features.markov-replies.rollout-percentage", "100",
                    "corvid.markov.channel-scoped-guilds", GUILD_C,
                    "quarkus.arc.selected-alternatives", dev.corvid.platform.support.MovableClock.class.getName(),
                    "corvid.features.discord-on-topic.enabled", "true",
                    "corvid.features.discord-on-topic.rollout-percentage", "0",
                    "corvid.features.discord-on-topic.force-keys", GUILD_B);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DiscordWorld.class));
        }
    }

    @Override
    public Map<String, String> start() {
        fake = new FakeDiscord("fake-token-not-secret").shards(SHARDS);
        FakeDiscord.Guild a = fake.guild(GUILD_A, OWNER);
        chat = fake.channel(a, "chat", false);
        archive = fake.channel(a, "archive", false);
        secret = fake.channel(a, "secret", true);
        locked = fake.channel(a, "locked", false);
        fake.forbidHistory(locked, 50001);
        archive2 = fake.channel(a, "archive2", false);
        FakeDiscord.Guild b = fake.guild(GUILD_B, OWNER);
        chatB = fake.channel(b, "chat", false);
        edits = fake.channel(fake.guild(GUILD_C, OWNER), "edits", false);
        chatD = fake.channel(fake.guild(GUILD_D, OWNER), "chat", false);
        fake.channel(fake.guild(GUILD_E, OWNER), "chat", false);
        pictures = fake.channel(fake.guild(GUILD_F, OWNER), "pictures", false);
        List<JsonObject> second = new ArrayList<>();
        for (int i = 0; i < ARCHIVE2_SIZE; i++) {
            second.add(fake.message(GUILD_A, archive2, fake.snowflake(), author(MEMBER), "second archive line " + i
                    + " of the harbour and its boats"));
        }
        archive2NewestFirst = second.reversed();
        fake.history(archive2, (before, limit) -> archive2NewestFirst.stream()
                .filter(m -> before == null || Long.parseLong(m.getString("id")) < Long.parseLong(before))
                .limit(limit).toList());
        archiveMessages = new ArrayList<>();
        for (int i = 0; i < ARCHIVE_SIZE; i++) {
            JsonObject author = i % 10 == 9 ? FakeDiscord.user("300000000000000009", "otherbot", true)
                    : FakeDiscord.user(i % 2 == 0 ? MEMBER : OWNER, "someone", false);
            archiveMessages.add(fake.message(GUILD_A, archive, fake.snowflake(), author,
                    "archived message number " + i + " about the " + (i % 3 == 0 ? "weather" : "river")));
        }
        List<JsonObject> newestFirst = archiveMessages.stream()
                .sorted(Comparator.comparing((JsonObject m) -> Long.parseLong(m.getString("id"))).reversed()).toList();
        fake.history(archive, (before, limit) -> newestFirst.stream()
                .filter(m -> before == null || Long.parseLong(m.getString("id")) < Long.parseLong(before))
                .limit(limit).toList());
        return Map.of("corvid.discord.enabled", "true", "corvid.discord.token", "fake-token-not-secret",
                "corvid.discord.rest-url", fake.restUrl(), "corvid.discord.gateway-url", fake.wsUrl(),
                "corvid.discord.shards.total", Integer.toString(SHARDS), "corvid.discord.random-seed", "42",
                "corvid.discord.backfill.progress-every", "0S");
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    /** Every message, edit and interaction answer the bot sent so far had allowed mentions empty. */
    static void assertNoMessagePings() {
        for (FakeDiscord.Received r : fake.received()) {
            JsonObject body = null;
            if ((r.is("POST", "/channels/") && r.path().endsWith("/messages")) || r.is("PATCH", "/channels/")
                    || r.is("PATCH", "/webhooks/") || r.is("POST", "/webhooks/")) {
                body = r.json();
            } else if (r.is("POST", "/interactions/") && r.json().getValue("data") instanceof JsonObject data
                    && data.containsKey("content")) {
                body = data;
            }
            if (body != null) {
                org.assertj.core.api.Assertions.assertThat(body.getJsonObject("allowed_mentions")).as(r.path())
                        .isNotNull();
                org.assertj.core.api.Assertions.assertThat(body.getJsonObject("allowed_mentions")
                        .getJsonArray("parse")).as(r.path()).isEmpty();
            }
        }
    }

    // ---- payloads the tests send ----------------------------------------------------------------------------

    static JsonObject author(String id) {
        return FakeDiscord.user(id, "user" + id.substring(id.length() - 3), false);
    }

    /** A MESSAGE_CREATE from a human member. */
    static JsonObject messageCreate(String guild, String channel, String author, String content,
            JsonObject... mentions) {
        return fake.message(guild, channel, fake.snowflake(), author(author), content, mentions)
                .put("member", withoutUser(FakeDiscord.member(author(author))));
    }

    /** A MESSAGE_CREATE from a human member, on any fake. */
    static JsonObject messageCreateIn(FakeDiscord on, String guild, String channel, String content) {
        return on.message(guild, channel, on.snowflake(), author(MEMBER), content)
                .put("member", withoutUser(FakeDiscord.member(author(MEMBER))));
    }

    private static JsonObject withoutUser(JsonObject member) {
        member.remove("user");
        return member;
    }

    /** An APPLICATION_COMMAND interaction; {@code options} as Discord nests them (subcommands hold theirs). */
    static JsonObject command(String guild, String channel, String user, boolean moderator, String name,
            JsonArray options, JsonObject resolved) {
        return interaction(2, guild, channel, user, moderator, new JsonObject().put("id", fake.snowflake())
                .put("name", name).put("type", 1).put("options", options).put("resolved", resolved), null);
    }

    static JsonObject button(String guild, String channel, String user, String customId) {
        JsonObject message = fake.message(guild, channel, fake.snowflake(), FakeDiscord.botUser(), "Forget?");
        return interaction(3, guild, channel, user, false, new JsonObject().put("custom_id", customId)
                .put("component_type", 2), message);
    }

    private static JsonObject interaction(int type, String guild, String channel, String user, boolean moderator,
            JsonObject data, JsonObject message) {
        JsonArray roles = moderator ? new JsonArray().add(FakeDiscord.modRole(guild)) : new JsonArray();
        JsonObject member = FakeDiscord.member(author(user)).put("roles", roles).put("permissions",
                moderator ? "8" : "0");
        JsonObject i = new JsonObject().put("id", fake.snowflake()).put("application_id", FakeDiscord.APP_ID)
                .put("type", type).put("token", "token-" + fake.snowflake()).put("version", 1).put("guild_id", guild)
                .put("guild", new JsonObject().put("id", guild).put("locale", "en-US").put("features", new JsonArray()))
                .put("channel_id", channel).put("channel", new JsonObject().put("id", channel).put("type", 0)
                        .put("guild_id", guild).put("name", "chat").put("permissions", "8"))
                .put("member", member).put("data", data).put("locale", "en-US").put("guild_locale", "en-US")
                .put("app_permissions", "8").put("entitlements", new JsonArray())
                .put("authorizing_integration_owners", new JsonObject().put("0", guild)).put("context", 0)
                .put("attachment_size_limit", 8_388_608);
        if (message != null) {
            i.put("message", message);
        }
        return i;
    }

    static JsonArray options(Object... nameValues) {
        JsonArray options = new JsonArray();
        for (int i = 0; i < nameValues.length; i += 3) {
            options.add(new JsonObject().put("name", nameValues[i]).put("type", nameValues[i + 1])
                    .put("value", nameValues[i + 2]));
        }
        return options;
    }

    static JsonArray subcommand(String name, JsonArray options) {
        return new JsonArray().add(new JsonObject().put("name", name).put("type", 1).put("options", options));
    }

    static JsonObject resolvedChannel(String guild, String channel) {
        return new JsonObject().put("channels", new JsonObject().put(channel, new JsonObject().put("id", channel)
                .put("type", 0).put("guild_id", guild).put("name", "c").put("permissions", "8")));
    }
}
