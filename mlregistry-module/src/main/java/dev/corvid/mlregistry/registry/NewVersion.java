package dev.corvid.mlregistry.registry;

import java.util.Map;

/** What registering a model version takes; the version number is assigned by the registry. */
public record NewVersion(String source, String runId, String runLink, VersionStatus status, String statusMessage,
        String description, String framework, Map<String, Double> metrics, Map<String, Object> hyperparameters,
        Map<String, String> tags) {

    public NewVersion {
        status = status == null ? VersionStatus.READY : status;
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        hyperparameters = hyperparameters == null ? Map.of() : hyperparameters;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
