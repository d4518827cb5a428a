package dev.corvid.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.junit.jupiter.api.Test;

/** The fake speaks the gateway well enough for plain JDA: ready, guild, a message, a resume after a drop. */
class FakeDiscordProtocolTest {

    @Test
    void jdaConnectsReceivesAndResumes() throws Exception {
        try (FakeDiscord fake = new FakeDiscord("t")) {
            String guildId = FakeDiscord.guildIdOnShard(3, 0, 1);
            FakeDiscord.Guild guild = fake.guild(guildId, "200000000000000001");
            String channel = fake.channel(guild, "chat", false);
            CountDownLatch ready = new CountDownLatch(1);
            CountDownLatch guildReady = new CountDownLatch(1);
            CountDownLatch messages = new CountDownLatch(2);
            CountDownLatch resumed = new CountDownLatch(1);
            JDA jda = JDABuilder.createLight("t", EnumSet.of(GatewayIntent.GUILD_MESSAGES,
                    GatewayIntent.MESSAGE_CONTENT)).setRestConfig(new RestConfig().setBaseUrl(fake.restUrl()))
                    .setSessionController(new ConcurrentSessionController() {
                        @Override
                        public String getGateway() {
                            return fake.wsUrl();
                        }
                    }).setCompression(Compression.NONE).addEventListeners(new ListenerAdapter() {
                        @Override
                        public void onReady(ReadyEvent event) {
                            ready.countDown();
                        }

                        @Override
                        public void onGuildReady(GuildReadyEvent event) {
                            guildReady.countDown();
                        }

                        @Override
                        public void onMessageReceived(MessageReceivedEvent event) {
                            messages.countDown();
                        }

                        @Override
                        public void onSessionResume(SessionResumeEvent event) {
                            resumed.countDown();
                        }
                    }).build();
            try {
                assertThat(guildReady.await(20, TimeUnit.SECONDS)).as("guild ready").isTrue();
                assertThat(ready.await(20, TimeUnit.SECONDS)).as("ready").isTrue();
                assertThat(jda.getGuildById(guildId).getTextChannelById(channel)).isNotNull();
                fake.dispatch(0, "MESSAGE_CREATE", DiscordWorld.messageCreateIn(fake, guildId, channel, "hello"));
                fake.drop(0);
                fake.dispatch(0, "MESSAGE_CREATE", DiscordWorld.messageCreateIn(fake, guildId, channel, "missed"));
                fake.await(r -> r.is("WS", "op6"), Duration.ofSeconds(20));
                assertThat(resumed.await(20, TimeUnit.SECONDS)).as("resumed").isTrue();
                assertThat(messages.await(20, TimeUnit.SECONDS)).as("both messages, one replayed").isTrue();
            } finally {
                jda.shutdownNow();
            }
        }
    }
}
