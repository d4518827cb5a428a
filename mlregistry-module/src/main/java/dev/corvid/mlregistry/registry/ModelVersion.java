package dev.corvid.mlregistry.registry;

import java.util.List;
import java.util.Map;

/**
 * One version of a registered model. Timestamps are epoch milliseconds.
 *
 * @param metrics         named evaluation metrics (accuracy, f1 …)
 * @param hyperparameters free JSON values
 * @param aliases         the aliases that point at this version
 */
public record ModelVersion(String model, int version, String source, String runId, String runLink,
        VersionStatus status, String statusMessage, String description, String framework,
        Map<String, Double> metrics, Map<String, Object> hyperparameters, Map<String, String> tags,
        List<String> aliases, long createdAt, long updatedAt) {
}
