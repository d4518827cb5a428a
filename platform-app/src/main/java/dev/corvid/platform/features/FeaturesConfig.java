package dev.corvid.platform.features;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feature-flag settings: {@code corvid.features.<flag>.enabled}, {@code .rollout-percentage},
 * {@code .force-keys}. Only flags a module defines may appear; anything else stops start-up.
 */
@ConfigMapping(prefix = "corvid.features")
public interface FeaturesConfig {

    /** Settings per flag name. */
    @WithParentName
    Map<String, Flag> flags();

    /** One flag's settings. */
    interface Flag {

        /** Master switch; when unset the module's default applies. When false no key sees the flag, forced or not. */
        Optional<Boolean> enabled();

        /** Share of keys (0–100) the flag is on for, chosen by a stable hash of flag name and key. */
        @WithDefault("100")
        int rolloutPercentage();

        /** Keys (guild ids, model names …) the flag is always on for while enabled. */
        Optional<List<String>> forceKeys();
    }
}
