package dev.corvid.platform.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.platform.api.flags.FlagDefinition;
import dev.corvid.platform.api.hash.StableHash;
import dev.corvid.platform.api.flags.FlagState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Rollout is a pure function of flag and key, spreads keys evenly, and config is checked against definitions. */
class RolloutTest {

    private static final FlagDefinition REPLIES = new FlagDefinition("markov-replies", "replies", true);
    private static final FlagDefinition CACHE = new FlagDefinition("embedding-cache", "cache", false);

    private record Flag(Optional<Boolean> enabled, int rolloutPercentage, Optional<List<String>> forceKeys)
            implements FeaturesConfig.Flag {
    }

    @Test
    void bucketIsPinned() {
        // Fixed values: a change to the hash would silently move every guild between rollout groups.
        assertThat(LongStream.range(0, 5).mapToObj(i -> StableHash.bucket("markov-replies", Long.toString(i))))
                .containsExactly(45, 70, 36, 25, 46);
        assertThat(StableHash.bucket("markov-replies", "815916308758532096")).isEqualTo(69);
    }

    @Test
    void bucketsSpreadEvenlyOverSnowflakes() {
        int[] counts = new int[100];
        long base = 815916308758532096L;
        for (int i = 0; i < 100_000; i++) {
            counts[StableHash.bucket("markov-replies", Long.toString(base + (long) i * 4_194_304L))]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(850, 1150);
        }
    }

    @Test
    void differentFlagsBucketIndependently() {
        long same = LongStream.range(0, 10_000).filter(i -> StableHash.bucket("markov-replies", Long.toString(i))
                == StableHash.bucket("embedding-cache", Long.toString(i))).count();
        assertThat(same).isBetween(50L, 150L);
    }

    @Test
    void rolloutShareMatchesPercentage() {
        var states = ConfiguredFeatureFlags.resolve(List.of(REPLIES), Map.of("markov-replies",
                new Flag(Optional.empty(), 30, Optional.empty())));
        FlagState state = states.get("markov-replies");
        long on = LongStream.range(0, 20_000)
                .filter(i -> state.enabled() && StableHash.bucket("markov-replies", "guild-" + i) < 30).count();
        assertThat(on).isBetween(5_600L, 6_400L);
    }

    @Test
    void unconfiguredFlagsTakeTheirDefaults() {
        var states = ConfiguredFeatureFlags.resolve(List.of(REPLIES, CACHE), Map.of());
        assertThat(states.get("markov-replies").enabled()).isTrue();
        assertThat(states.get("embedding-cache").enabled()).isFalse();
        assertThat(states.get("markov-replies").rolloutPercentage()).isEqualTo(100);
    }

    @Test
    void unknownFlagInConfigFailsNamingTheProperty() {
        assertThatThrownBy(() -> ConfiguredFeatureFlags.resolve(List.of(REPLIES),
                Map.of("markov-replys", new Flag(Optional.of(true), 100, Optional.empty()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corvid.features.markov-replys")
                .hasMessageContaining("markov-replies");
    }

    @Test
    void rolloutOutOfRangeFailsNamingTheProperty() {
        assertThatThrownBy(() -> ConfiguredFeatureFlags.resolve(List.of(REPLIES),
                Map.of("markov-replies", new Flag(Optional.empty(), 101, Optional.empty()))))
                .hasMessageContaining("corvid.features.markov-replies.rollout-percentage");
    }

    @Test
    void environmentSpellingsOfAFlagNameAreAccepted() {
        // CORVID_FEATURES__MARKOV_REPLIES__ENABLED=false reaches the mapping as key "markov.replies".
        var states = ConfiguredFeatureFlags.resolve(List.of(REPLIES),
                Map.of("markov.replies", new Flag(Optional.of(false), 100, Optional.empty())));
        assertThat(states.get("markov-replies").enabled()).isFalse();
    }

    @Test
    void twoSpellingsOfOneFlagFail() {
        assertThatThrownBy(() -> ConfiguredFeatureFlags.resolve(List.of(REPLIES), Map.of(
                "markov.replies", new Flag(Optional.of(false), 100, Optional.empty()),
                "markov-replies", new Flag(Optional.of(true), 100, Optional.empty()))))
                .hasMessageContaining("both configure flag markov-replies");
    }

    @Test
    void flagDefinedTwiceFails() {
        assertThatThrownBy(() -> ConfiguredFeatureFlags.resolve(List.of(REPLIES, REPLIES), Map.of()))
                .hasMessageContaining("defined twice");
    }
}
