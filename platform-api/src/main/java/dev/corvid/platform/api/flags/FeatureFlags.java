package dev.corvid.platform.api.flags;

import java.util.List;

/**
 * Reads feature flags. A flag is on for a key when it is enabled and either the key is one of its force keys or the
 * key's stable bucket (0–99, from a hash of flag name and key) is below the rollout percentage. The same flag and key
 * always give the same answer while config is unchanged, on every instance.
 *
 * <p>Every method throws {@link UnknownFlagException} for a name no module defined, so a typo fails loudly instead of
 * reading as "off".
 */
public interface FeatureFlags {

    /** Whether the flag is on for this key (a guild id, a model name …). */
    boolean isEnabled(String flag, String key);

    /** Whether the flag is on with no key: enabled and rolled out to 100 %. */
    boolean isEnabled(String flag);

    /** The flag's configured state. */
    FlagState state(String flag);

    /** Every defined flag's state, sorted by name. */
    List<FlagState> states();
}
