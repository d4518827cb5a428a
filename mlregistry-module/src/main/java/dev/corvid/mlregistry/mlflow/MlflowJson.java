package dev.corvid.mlregistry.mlflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.corvid.mlregistry.registry.ModelSnapshot;
import dev.corvid.mlregistry.registry.ModelVersion;
import dev.corvid.mlregistry.registry.RegisteredModel;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MLflow's model-registry messages as JSON (the proto3 JSON mapping of {@code model_registry.proto}): snake_case,
 * int64 timestamps, version numbers as strings. Requests accept int64 fields as numbers or strings.
 */
final class MlflowJson {

    private MlflowJson() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Tag(String key, String value) {
    }

    record Alias(String alias, String version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MlflowModelVersion(String name, String version,
            @JsonProperty("creation_timestamp") long creationTimestamp,
            @JsonProperty("last_updated_timestamp") long lastUpdatedTimestamp,
            @JsonProperty("current_stage") String currentStage, String description, String source,
            @JsonProperty("run_id") String runId, String status, @JsonProperty("status_message") String statusMessage,
            List<Tag> tags, @JsonProperty("run_link") String runLink, List<String> aliases) {

        static MlflowModelVersion of(ModelVersion v) {
            return new MlflowModelVersion(v.model(), Integer.toString(v.version()), v.createdAt(), v.updatedAt(),
                    "None", v.description(), v.source(), v.runId(), v.status().name(), v.statusMessage(),
                    MlflowJson.tags(v.tags()), v.runLink(), v.aliases());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MlflowRegisteredModel(String name, @JsonProperty("creation_timestamp") long creationTimestamp,
            @JsonProperty("last_updated_timestamp") long lastUpdatedTimestamp, String description,
            @JsonProperty("latest_versions") List<MlflowModelVersion> latestVersions, List<Tag> tags,
            List<Alias> aliases) {

        static MlflowRegisteredModel of(ModelSnapshot snapshot) {
            RegisteredModel m = snapshot.model();
            List<MlflowModelVersion> latest = snapshot.latest() == null ? List.of()
                    : List.of(MlflowModelVersion.of(snapshot.latest()));
            List<Alias> aliases = m.aliases().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new Alias(e.getKey(), Integer.toString(e.getValue()))).toList();
            return new MlflowRegisteredModel(m.name(), m.createdAt(), m.updatedAt(), m.description(), latest,
                    MlflowJson.tags(m.tags()), aliases);
        }
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().sorted(Comparator.comparing(Map.Entry::getKey))
                .map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        if (tags == null) {
            return Map.of();
        }
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (Tag tag : tags) {
            map.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return map;
    }

    // ---- requests ------------------------------------------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRegisteredModel(String name, List<Tag> tags, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UpdateRegisteredModel(String name, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RenameRegisteredModel(String name, @JsonProperty("new_name") String newName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NameOnly(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GetLatestVersions(String name, List<String> stages) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SetTag(String name, @JsonDeserialize(using = Int64.class) String version, String key, String value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeleteTag(String name, @JsonDeserialize(using = Int64.class) String version, String key) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SetAlias(String name, String alias, @JsonDeserialize(using = Int64.class) String version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeleteAlias(String name, String alias) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateModelVersion(String name, String source, @JsonProperty("run_id") String runId, List<Tag> tags,
            @JsonProperty("run_link") String runLink, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UpdateModelVersion(String name, @JsonDeserialize(using = Int64.class) String version, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionRef(String name, @JsonDeserialize(using = Int64.class) String version) {
    }

    /**
     * An int64 field as proto3's JSON mapping reads it: a number or a decimal string ({@code 3} or {@code "3"});
     * kept as the string the registry parses.
     */
    static final class Int64 extends StdScalarDeserializer<String> {

        Int64() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getText();
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText().strip();
                if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')) {
                    return text;
                }
            }
            throw MismatchedInputException.from(p, String.class, "an int64, as a number or a decimal string");
        }
    }

    // ---- responses -----------------------------------------------------------------------------------------

    record RegisteredModelResponse(@JsonProperty("registered_model") MlflowRegisteredModel registeredModel) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SearchRegisteredModelsResponse(
            @JsonProperty("registered_models") List<MlflowRegisteredModel> registeredModels,
            @JsonProperty("next_page_token") String nextPageToken) {
    }

    record ModelVersionResponse(@JsonProperty("model_version") MlflowModelVersion modelVersion) {
    }

    record ModelVersionsResponse(@JsonProperty("model_versions") List<MlflowModelVersion> modelVersions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SearchModelVersionsResponse(@JsonProperty("model_versions") List<MlflowModelVersion> modelVersions,
            @JsonProperty("next_page_token") String nextPageToken) {
    }

    record DownloadUriResponse(@JsonProperty("artifact_uri") String artifactUri) {
    }

    /** MLflow's error body. */
    record Error(@JsonProperty("error_code") String errorCode, String message) {
    }
}
