package dev.corvid.platform.features;

import dev.corvid.platform.PlatformMetrics;
import dev.corvid.platform.api.flags.FeatureFlags;
import dev.corvid.platform.api.flags.FlagDefinition;
import dev.corvid.platform.api.hash.StableHash;
import dev.corvid.platform.api.flags.FlagState;
import dev.corvid.platform.api.flags.UnknownFlagException;
import dev.corvid.platform.api.module.CorvidModule;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Feature flags from {@link FeaturesConfig}, checked against the flags modules define. Built once at start-up:
 * a config key that names no defined flag, a flag two modules define, or a rollout outside 0–100 stops the
 * application with a message naming the property.
 */
@Startup
@Singleton
public class ConfiguredFeatureFlags implements FeatureFlags {

    private final Map<String, FlagState> states;

    ConfiguredFeatureFlags(Instance<CorvidModule> modules, FeaturesConfig config, MeterRegistry registry) {
        this.states = resolve(modules.stream().flatMap(m -> m.flags().stream()).toList(), config.flags());
        states.values().forEach(state -> {
            Gauge.builder(PlatformMetrics.FEATURE_ENABLED, state, s -> s.enabled() ? 1 : 0)
                    .description("1 while the feature flag is enabled, else 0")
                    .tag(PlatformMetrics.TAG_FLAG, state.name())
                    .register(registry);
            Gauge.builder(PlatformMetrics.FEATURE_ROLLOUT, state, s -> s.enabled() ? s.rolloutPercentage() : 0)
                    .description("Share of keys (0-100) the feature flag is on for")
                    .tag(PlatformMetrics.TAG_FLAG, state.name())
                    .register(registry);
        });
    }

    /** Merges definitions and config; package-private for tests. */
    static Map<String, FlagState> resolve(List<FlagDefinition> definitions, Map<String, FeaturesConfig.Flag> config) {
        Map<String, FlagDefinition> defined = new TreeMap<>();
        for (FlagDefinition definition : definitions) {
            if (defined.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalStateException("feature flag '" + definition.name() + "' is defined twice");
            }
        }
        // Environment variables cannot tell '-' from '.' (CORVID_FEATURES__MARKOV_REPLIES__ENABLED arrives as
        // "markov.replies"); flag names are kebab-case, so mapping '.' and '_' to '-' is unambiguous.
        Map<String, FeaturesConfig.Flag> byName = new TreeMap<>();
        Map<String, String> written = new TreeMap<>();
        for (String key : new TreeSet<>(config.keySet())) {
            String name = key.toLowerCase(java.util.Locale.ROOT).replace('.', '-').replace('_', '-');
            if (!defined.containsKey(name)) {
                throw new IllegalStateException("corvid.features." + key
                        + ": unknown feature flag; defined flags are " + defined.keySet());
            }
            String other = written.put(name, key);
            if (other != null) {
                throw new IllegalStateException("corvid.features." + other + " and corvid.features." + key
                        + " both configure flag " + name);
            }
            byName.put(name, config.get(key));
        }
        Map<String, FlagState> states = new TreeMap<>();
        defined.forEach((name, definition) -> {
            FeaturesConfig.Flag flag = byName.get(name);
            int rollout = flag == null ? 100 : flag.rolloutPercentage();
            if (rollout < 0 || rollout > 100) {
                throw new IllegalStateException("corvid.features." + written.getOrDefault(name, name)
                        + ".rollout-percentage must be between 0 and 100, got " + rollout);
            }
            boolean enabled = flag == null ? definition.enabledByDefault()
                    : flag.enabled().orElse(definition.enabledByDefault());
            List<String> forceKeys = flag == null ? List.of() : flag.forceKeys().orElse(List.of());
            states.put(name, new FlagState(name, definition.description(), enabled, rollout,
                    new TreeSet<>(forceKeys)));
        });
        return Map.copyOf(states);
    }

    @Override
    public boolean isEnabled(String flag, String key) {
        FlagState state = state(flag);
        if (!state.enabled()) {
            return false;
        }
        return state.forceKeys().contains(key) || StableHash.bucket(flag, key) < state.rolloutPercentage();
    }

    @Override
    public boolean isEnabled(String flag) {
        FlagState state = state(flag);
        return state.enabled() && state.rolloutPercentage() == 100;
    }

    @Override
    public FlagState state(String flag) {
        FlagState state = states.get(flag);
        if (state == null) {
            throw new UnknownFlagException(flag);
        }
        return state;
    }

    @Override
    public List<FlagState> states() {
        return new TreeMap<>(states).values().stream().toList();
    }
}
