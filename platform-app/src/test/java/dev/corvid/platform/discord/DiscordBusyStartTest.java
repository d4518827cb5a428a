package dev.corvid.platform.discord;

import static io.restassured.RestAssured.given;

import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A shard's guilds all arrive at once after READY (2,000 in the memory benchmark, where 1,730 of them failed to set
 * up): with a training queue of one task, setting up the guilds meets a full queue, and each guild must still get
 * its join record and its scope (a guild that came back while the bot was offline would otherwise keep its leave
 * time and be forgotten after the grace period).
 */
@QuarkusTest
@TestProfile(DiscordBusyStartTest.TinyQueue.class)
class DiscordBusyStartTest {

    public static class TinyQueue extends DiscordWorld.On {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(super.getConfigOverrides());
            settings.put("corvid.markov.training.queue-depth", "1");
            return settings;
        }
    }

    @Test
    void everyGuildIsSetUpThoughTheQueueIsFull() {
        for (String guild : List.of(DiscordWorld.GUILD_A, DiscordWorld.GUILD_B, DiscordWorld.GUILD_D,
                DiscordWorld.GUILD_E, DiscordWorld.GUILD_F)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                    .header("Authorization", ApiKeys.bearer(ApiKeys.READER)).get("/api/v1/markov/scopes/" + guild)
                    .then().statusCode(200));
        }
    }
}
