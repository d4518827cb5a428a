package dev.corvid.mlregistry.registry;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * Durable registry state. Every write is one transaction that also notifies other instances (PostgreSQL NOTIFY on
 * {@link #INVALIDATION_CHANNEL} with the model name as payload) when it commits; the caller invalidates its own cache.
 * Reads of absent things answer a null item; writes to absent things fail with
 * {@code MlRegistryException.NotFound}; names taken fail with {@code AlreadyExists}.
 */
interface RegistryStore {

    /** The NOTIFY channel that carries the names of models whose state changed. */
    String INVALIDATION_CHANNEL = "corvid_mlregistry_invalidate";

    /** The model with its versions, aliases, tags and baselines, in one statement; null if absent. */
    Uni<ModelSnapshot> load(String name);

    /**
     * Creates a model. An identical create (same description, owner, tags) committed since {@code replayAfter}
     * returns the existing model instead of failing.
     */
    Uni<RegisteredModel> createModel(NewModel model, Instant now, Instant replayAfter);

    Uni<Void> updateModel(String name, String description, Instant now);

    Uni<Void> renameModel(String name, String newName, Instant now);

    Uni<Void> deleteModel(String name);

    Uni<Void> setModelTag(String name, String key, String value, Instant now);

    Uni<Void> deleteModelTag(String name, String key, Instant now);

    /**
     * Registers the next version number of a model. An identical registration (same source, run id, description)
     * committed since {@code replayAfter} returns that version instead of a new one.
     */
    Uni<ModelVersion> createVersion(String name, NewVersion version, Instant now, Instant replayAfter);

    /** Changes the non-null fields. */
    Uni<Void> updateVersion(String name, int version, String description, VersionStatus status,
            String statusMessage, Instant now);

    Uni<Void> deleteVersion(String name, int version);

    Uni<Void> setVersionTag(String name, int version, String key, String value, Instant now);

    Uni<Void> deleteVersionTag(String name, int version, String key, Instant now);

    /** Points an alias at a version, moving it if it pointed elsewhere. */
    Uni<Void> setAlias(String name, String alias, int version, Instant now);

    Uni<Void> deleteAlias(String name, String alias, Instant now);

    /** Names of the models on one page of a search. */
    Uni<Page<String>> searchModels(SearchQuery query);

    /** (model name, version) of the versions on one page of a search. */
    Uni<Page<VersionKey>> searchVersions(SearchQuery query);

    /** Puts a baseline, replacing any earlier one. */
    Uni<Void> putBaseline(String name, int version, double mean, double stddev, long count, Instant now);

    /** A model version's identity. */
    record VersionKey(String model, int version) {
    }
}
