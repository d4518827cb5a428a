package dev.corvid.platform.api.flags;

import java.util.Set;

/**
 * The configured state of one flag.
 *
 * @param name              the flag
 * @param description       what it does
 * @param enabled           master switch; when false the flag is off for every key, force keys included
 * @param rolloutPercentage share of keys (0–100) the flag is on for
 * @param forceKeys         keys the flag is always on for while enabled
 */
public record FlagState(String name, String description, boolean enabled, int rolloutPercentage,
        Set<String> forceKeys) {

    public FlagState {
        forceKeys = Set.copyOf(forceKeys);
    }
}
