package dev.corvid.mlregistry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corvid.mlregistry.registry.Baseline;
import dev.corvid.mlregistry.registry.ModelSnapshot;
import dev.corvid.mlregistry.registry.ModelVersion;
import dev.corvid.mlregistry.registry.RegisteredModel;
import dev.corvid.mlregistry.registry.VersionStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the native registry API (camelCase, ISO-8601 timestamps). */
public final class RegistryViews {

    private RegistryViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelView(String name, String description, String owner, Map<String, String> tags,
            Map<String, Integer> aliases, Integer latestVersion, int versionCount, Instant createdAt,
            Instant updatedAt) {

        static ModelView of(ModelSnapshot snapshot) {
            RegisteredModel m = snapshot.model();
            return new ModelView(m.name(), m.description(), m.owner(), m.tags(), m.aliases(),
                    snapshot.latest() == null ? null : snapshot.latest().version(), snapshot.versions().size(),
                    Instant.ofEpochMilli(m.createdAt()), Instant.ofEpochMilli(m.updatedAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(String model, int version, VersionStatus status, String statusMessage, String source,
            String runId, String runLink, String description, String framework, Map<String, Double> metrics,
            Map<String, Object> hyperparameters, Map<String, String> tags, List<String> aliases, Instant createdAt,
            Instant updatedAt) {

        static VersionView of(ModelVersion v) {
            return new VersionView(v.model(), v.version(), v.status(), v.statusMessage(), v.source(), v.runId(),
                    v.runLink(), v.description(), v.framework(), v.metrics(), v.hyperparameters(), v.tags(),
                    v.aliases(), Instant.ofEpochMilli(v.createdAt()), Instant.ofEpochMilli(v.updatedAt()));
        }
    }

    public record BaselineView(String model, int version, double mean, double stddev, long count, Instant updatedAt) {

        static BaselineView of(Baseline b) {
            return new BaselineView(b.model(), b.version(), b.mean(), b.stddev(), b.count(),
                    Instant.ofEpochMilli(b.updatedAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageView<T>(List<T> items, String nextPageToken) {
    }

    public record CreateModel(@NotBlank @Size(max = 256) String name, @Size(max = 65536) String description,
            @Size(max = 256) String owner, Map<String, String> tags) {
    }

    public record UpdateModel(@Size(max = 65536) String description) {
    }

    public record RenameModel(@NotBlank @Size(max = 256) String newName) {
    }

    public record TagValue(@NotNull @Size(max = 5000) String value) {
    }

    public record CreateVersion(@Size(max = 4096) String source, @Size(max = 256) String runId,
            @Size(max = 4096) String runLink, VersionStatus status, @Size(max = 4096) String statusMessage,
            @Size(max = 65536) String description, @Size(max = 256) String framework, Map<String, Double> metrics,
            Map<String, Object> hyperparameters, Map<String, String> tags) {
    }

    public record UpdateVersion(@Size(max = 65536) String description, VersionStatus status,
            @Size(max = 4096) String statusMessage) {
    }

    public record AliasTarget(@NotNull @Positive Integer version) {
    }
}
