package dev.corvid.mlregistry.registry;

import java.util.List;
import java.util.Map;

/**
 * Everything the registry knows about one model, read in one statement: the unit the lookup cache holds and
 * invalidates as a whole, so a lookup never mixes state from before and after a write.
 *
 * @param versions  ascending by version number
 * @param baselines version → confidence baseline
 */
public record ModelSnapshot(RegisteredModel model, List<ModelVersion> versions, Map<Integer, Baseline> baselines) {

    public ModelSnapshot {
        versions = List.copyOf(versions);
        baselines = Map.copyOf(baselines);
    }

    /** The version, or null. */
    public ModelVersion version(int number) {
        int low = 0;
        int high = versions.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int v = versions.get(mid).version();
            if (v == number) {
                return versions.get(mid);
            }
            if (v < number) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return null;
    }

    /** The highest-numbered version, or null when the model has none. */
    public ModelVersion latest() {
        return versions.isEmpty() ? null : versions.getLast();
    }

    /** How much of the cache this snapshot uses. */
    int weight() {
        return 1 + versions.size();
    }
}
