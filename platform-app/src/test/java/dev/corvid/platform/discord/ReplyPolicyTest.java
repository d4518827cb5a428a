package dev.corvid.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corvid.platform.discord.DiscordMeters.Trigger;
import java.time.Instant;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** When the bot speaks unprompted: chances, image chance, auto channels, periodic posts, cooldown. */
class ReplyPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private static GuildSettings settings(double chance, double image, int cooldown, int every, Set<String> auto) {
        return new GuildSettings(Set.of("1"), auto, chance, image, cooldown, every, 0, false, Set.of(), Set.of(), null);
    }

    @Test
    void aMentionAlwaysGetsAReplyEvenInACooldownOrUnlistenedChannel() {
        ReplyPolicy policy = new ReplyPolicy(new SplittableRandom(1));
        GuildSettings s = settings(1, 0, 3600, 0, Set.of());
        assertThat(policy.decide(s, "1", "1", false, false, true, T0)).isEqualTo(Trigger.RANDOM);
        assertThat(policy.decide(s, "1", "1", true, false, true, T0.plusSeconds(1))).isEqualTo(Trigger.MENTION);
        assertThat(policy.decide(s, "9", "9", true, false, false, T0)).isEqualTo(Trigger.MENTION);
    }

    @Test
    void randomRepliesFollowTheChanceAndImagesTheirOwn() {
        ReplyPolicy policy = new ReplyPolicy(new SplittableRandom(7));
        GuildSettings s = settings(0.1, 0.9, 0, 0, Set.of());
        int text = 0;
        int images = 0;
        for (int i = 0; i < 10_000; i++) {
            text += policy.decide(s, "1", "1", false, false, true, T0) == Trigger.RANDOM ? 1 : 0;
            images += policy.decide(s, "1", "1", false, true, true, T0) == Trigger.RANDOM ? 1 : 0;
        }
        assertThat(text).isBetween(850, 1150);
        assertThat(images).isBetween(8850, 9150);
        assertThat(policy.decide(s, "2", "2", false, true, true, T0)).as("not a listened channel").isNull();
        assertThat(policy.decide(settings(1, 1, 0, 0, Set.of()), "1", "1", false, true, false, T0))
                .as("unprompted replies off for the guild").isNull();
    }

    @Test
    void autoChannelsAnswerEveryMessageOutsideTheCooldown() {
        ReplyPolicy policy = new ReplyPolicy(new SplittableRandom(1));
        GuildSettings s = settings(0, 0, 60, 0, Set.of("5"));
        assertThat(policy.decide(s, "5", "5", false, false, true, T0)).isEqualTo(Trigger.AUTO);
        assertThat(policy.decide(s, "5", "5", false, false, true, T0.plusSeconds(59))).isNull();
        assertThat(policy.decide(s, "5", "5", false, false, true, T0.plusSeconds(60))).isEqualTo(Trigger.AUTO);
        assertThat(policy.decide(s, "6", "5", false, false, true, T0)).as("a thread of an auto channel")
                .isEqualTo(Trigger.AUTO);
    }

    @Test
    void periodicPostsComeEveryNMessages() {
        ReplyPolicy policy = new ReplyPolicy(new SplittableRandom(1));
        GuildSettings s = settings(0, 0, 0, 3, Set.of());
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            seen.append(policy.decide(s, "1", "1", false, false, true, T0.plusSeconds(i)) == Trigger.PERIODIC ? 'P'
                    : '.');
        }
        assertThat(seen.toString()).isEqualTo("..P..P..P");
    }

    @Test
    void periodicPostsByTimeComeOnTheFirstMessageAfterNMinutesSinceTheLastUnpromptedPost() {
        ReplyPolicy policy = new ReplyPolicy(new SplittableRandom(1));
        GuildSettings s = new GuildSettings(Set.of("1"), Set.of(), 0, 0, 0, 0, 10, false, Set.of(), Set.of(), null);
        assertThat(policy.decide(s, "1", "1", false, false, true, T0)).as("the first message starts the clock")
                .isNull();
        assertThat(policy.decide(s, "1", "1", false, false, true, T0.plusSeconds(599))).isNull();
        assertThat(policy.decide(s, "1", "1", false, false, true, T0.plusSeconds(3600)))
                .as("a silent hour, then one message: one post").isEqualTo(Trigger.PERIODIC);
        assertThat(policy.decide(s, "1", "1", false, false, true, T0.plusSeconds(3601))).isNull();
        assertThat(policy.decide(s, "1", "1", false, false, true, T0.plusSeconds(3600 + 600)))
                .isEqualTo(Trigger.PERIODIC);
        assertThat(policy.decide(s, "2", "2", false, false, true, T0.plusSeconds(7200))).as("not listened").isNull();
    }

    @Test
    void anyUnpromptedReplyRestartsThePeriodicClock() {
        ReplyPolicy policy = new ReplyPolicy(new SplittableRandom(1));
        GuildSettings random = new GuildSettings(Set.of("1"), Set.of(), 1, 0, 0, 0, 10, false, Set.of(), Set.of(), null);
        assertThat(policy.decide(random, "1", "1", false, false, true, T0)).isEqualTo(Trigger.RANDOM);
        GuildSettings quiet = new GuildSettings(Set.of("1"), Set.of(), 0, 0, 0, 0, 10, false, Set.of(), Set.of(), null);
        assertThat(policy.decide(quiet, "1", "1", false, false, true, T0.plusSeconds(599))).isNull();
        assertThat(policy.decide(quiet, "1", "1", false, false, true, T0.plusSeconds(600)))
                .isEqualTo(Trigger.PERIODIC);
    }
}
