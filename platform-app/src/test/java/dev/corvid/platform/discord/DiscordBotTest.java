package dev.corvid.platform.discord;

import static dev.corvid.platform.discord.DiscordWorld.GUILD_A;
import static dev.corvid.platform.discord.DiscordWorld.GUILD_B;
import static dev.corvid.platform.discord.DiscordWorld.MEMBER;
import static dev.corvid.platform.discord.DiscordWorld.MOD;
import static dev.corvid.platform.discord.DiscordWorld.chat;
import static dev.corvid.platform.discord.DiscordWorld.command;
import static dev.corvid.platform.discord.DiscordWorld.fake;
import static dev.corvid.platform.discord.DiscordWorld.messageCreate;
import static dev.corvid.platform.discord.DiscordWorld.resolvedChannel;
import static dev.corvid.platform.discord.DiscordWorld.subcommand;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.corvid.platform.discord.FakeDiscord.Received;
import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector against the fake Discord: connection, commands, learning, replies. */
@QuarkusTest
@TestProfile(DiscordWorld.On.class)
class DiscordBotTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeEach
    void connected() {
        // Both shards identified and their guilds arrived: the commands were registered by shard 0 after READY.
        fake.awaitCount(r -> r.is("WS", "op2"), 2, WAIT);
        fake.await(r -> r.is("PUT", "/applications/"), WAIT);
    }

    @org.junit.jupiter.api.AfterEach
    void noMessageTheBotSentCouldPingAnyone() {
        DiscordWorld.assertNoMessagePings();
    }

    @Test
    void identifiesWithMessageContentAndIsReadyPerShard() {
        for (Received identify : fake.awaitCount(r -> r.is("WS", "op2"), 2, WAIT)) {
            JsonObject d = identify.json().getJsonObject("d");
            long intents = d.getLong("intents");
            assertThat(intents & 1).as("GUILDS").isEqualTo(1);
            assertThat(intents & (1 << 9)).as("GUILD_MESSAGES").isNotZero();
            assertThat(intents & (1 << 15)).as("MESSAGE_CONTENT").isNotZero();
            assertThat(intents & (1 << 1)).as("no GUILD_MEMBERS").isZero();
            assertThat(d.getString("token")).isEqualTo("fake-token-not-secret");
        }
        JsonArray commands = fake.await(r -> r.is("PUT", "/applications/"), WAIT).jsonArray();
        assertThat(commands.stream().map(c -> ((JsonObject) c).getString("name")))
                .containsExactlyInAnyOrder("mark", "listen", "train", "forget", "settings");
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'discord-shard-0' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'discord-shard-1' }.status", equalTo("UP")));
    }

    @Test
    void aMentionGetsAReplyThatPingsNobody() {
        String scope = GUILD_B;
        given().header("Authorization", ApiKeys.bearer(ApiKeys.WRITER)).contentType("application/json")
                .body(List.of(java.util.Map.of("id", "b-1", "content", "the river runs past the old mill at dawn"),
                        java.util.Map.of("id", "b-2", "content", "the mill wheel turns slowly in the river")))
                .post("/api/v1/markov/scopes/" + scope + "/messages/batch").then().statusCode(200);
        JsonObject mention = messageCreate(GUILD_B, DiscordWorld.chatB, MEMBER, "<@" + FakeDiscord.BOT_ID
                + "> what about the river?", FakeDiscord.botUser());
        fake.dispatch(1, "MESSAGE_CREATE", mention);
        Received reply = fake.await(r -> r.is("POST", "/channels/" + DiscordWorld.chatB + "/messages")
                && r.json().containsKey("message_reference"), WAIT);
        JsonObject body = reply.json();
        assertThat(body.getString("content")).isNotBlank();
        assertThat(body.getJsonObject("message_reference").getString("message_id")).isEqualTo(mention.getString("id"));
        assertThat(body.getJsonObject("allowed_mentions").getJsonArray("parse")).isEmpty();
        assertThat(body.getJsonObject("allowed_mentions").getBoolean("replied_user")).isFalse();
    }

    @Test
    void listenIsForModeratorsAndLiveMessagesAreLearned() {
        JsonObject refused = command(GUILD_A, chat, MEMBER, false, "listen", subcommand("add", new JsonArray()),
                new JsonObject());
        fake.dispatch(0, "INTERACTION_CREATE", refused);
        JsonObject answer = fake.await(r -> r.is("POST", "/interactions/" + refused.getString("id")), WAIT).json();
        assertThat(answer.getJsonObject("data").getString("content")).contains("Only moderators");
        assertThat(answer.getJsonObject("data").getInteger("flags") & 64).as("ephemeral").isEqualTo(64);

        JsonObject listen = command(GUILD_A, chat, MOD, true, "listen", subcommand("add",
                DiscordWorld.options("channel", 7, chat)), resolvedChannel(GUILD_A, chat));
        fake.dispatch(0, "INTERACTION_CREATE", listen);
        assertThat(fake.await(r -> r.is("POST", "/interactions/" + listen.getString("id")), WAIT).json()
                .getJsonObject("data").getString("content")).contains("Learning from <#" + chat + ">");
        given().header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN)).get("/api/v1/discord/guilds/" + GUILD_A
                + "/settings").then().statusCode(200).body("listenChannels", org.hamcrest.Matchers.hasItem(chat));

        fake.dispatch(0, "MESSAGE_CREATE", messageCreate(GUILD_A, chat, MEMBER, "pigeons gather on the square"));
        fake.dispatch(0, "MESSAGE_CREATE", fake.message(GUILD_A, chat, fake.snowflake(),
                FakeDiscord.user("300000000000000009", "otherbot", true), "bots are never learned"));
        fake.dispatch(0, "MESSAGE_CREATE", messageCreate(GUILD_A, chat, DiscordWorld.OWNER,
                "crows gather on the roof"));
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> given()
                .header("Authorization", ApiKeys.bearer(ApiKeys.READER)).get("/api/v1/markov/scopes/" + GUILD_A)
                .then().statusCode(200).body("chain.messages", equalTo(2)));
    }

    @Test
    void everyDiscordMetricTheDashboardsReadIsExported() {
        JsonObject refused = command(GUILD_A, chat, MEMBER, false, "listen", subcommand("add", new JsonArray()),
                new JsonObject());
        fake.dispatch(0, "INTERACTION_CREATE", refused);
        fake.await(r -> r.is("POST", "/interactions/" + refused.getString("id")), WAIT);
        java.util.Set<String> wanted = new java.util.TreeSet<>(dev.corvid.platform.GrafanaMetrics.read());
        wanted.removeIf(name -> !name.startsWith("corvid_discord_"));
        assertThat(wanted).contains("corvid_discord_shards_connected", "corvid_discord_gateway_ping_milliseconds",
                "corvid_discord_reply_latency_seconds_bucket", "corvid_discord_commands_total");
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(dev.corvid.platform.GrafanaMetrics.exported()).containsAll(wanted));
    }
}
