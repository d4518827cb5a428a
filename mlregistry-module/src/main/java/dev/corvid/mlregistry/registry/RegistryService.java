package dev.corvid.mlregistry.registry;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.corvid.mlregistry.MlRegistryConfig;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.MlRegistryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The registry: validation, the lookup cache and its exact invalidation. A lookup is served from a cached
 * {@link ModelSnapshot}; every write invalidates the model's snapshot on this instance before it returns, and other
 * instances drop theirs when the write's NOTIFY arrives ({@link InvalidationListener}), so no instance serves a
 * version older than a write that has returned.
 */
@ApplicationScoped
public class RegistryService {

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,255}");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("latest|v\\d+", Pattern.CASE_INSENSITIVE);
    private static final int MAX_NAME = 256;

    private final RegistryStore store;
    private final Clock clock;
    private final MlRegistryConfig config;
    private final AsyncCache<String, ModelSnapshot> cache;
    private final Counter hits;
    private final Counter misses;
    private final Counter registrations;
    private final Counter localInvalidations;
    private final Counter notifyInvalidations;

    RegistryService(RegistryStore store, Clock clock, MlRegistryConfig config, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(config.cache().maxVersions())
                .weigher((String name, ModelSnapshot snapshot) -> snapshot.weight())
                .recordStats()
                .buildAsync();
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        this.registrations = Counter.builder(MlRegistryMetrics.REGISTRATIONS)
                .description("Model versions registered").register(registry);
        this.localInvalidations = invalidations(registry, "local");
        this.notifyInvalidations = invalidations(registry, "notify");
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder(MlRegistryMetrics.LOOKUPS).description("Registry lookups by cache result")
                .tag(MlRegistryMetrics.TAG_RESULT, result).register(registry);
    }

    private static Counter invalidations(MeterRegistry registry, String source) {
        return Counter.builder(MlRegistryMetrics.INVALIDATIONS).description("Lookup cache invalidations")
                .tag(MlRegistryMetrics.TAG_SOURCE, source).register(registry);
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    /** The model's snapshot; null if there is no such model. */
    public Uni<ModelSnapshot> snapshot(String name) {
        CompletableFuture<ModelSnapshot> cached = cache.getIfPresent(name);
        if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
            hits.increment();
            return Uni.createFrom().item(cached.getNow(null));
        }
        misses.increment();
        return Uni.createFrom().completionStage(
                () -> cache.get(name, (key, executor) -> store.load(key).subscribeAsCompletionStage()));
    }

    /** The snapshot, or {@code NotFound}. */
    public Uni<ModelSnapshot> existing(String name) {
        return snapshot(name).map(snapshot -> {
            if (snapshot == null) {
                throw PgRegistryStore.modelMissing(name);
            }
            return snapshot;
        });
    }

    public Uni<RegisteredModel> model(String name) {
        return snapshot(name).map(s -> s == null ? null : s.model());
    }

    /** The version, or null when the model or the version does not exist. */
    public Uni<ModelVersion> version(String name, int version) {
        return snapshot(name).map(s -> s == null ? null : s.version(version));
    }

    /** The highest-numbered version; null when the model does not exist or has none. */
    public Uni<ModelVersion> latest(String name) {
        return snapshot(name).map(s -> s == null ? null : s.latest());
    }

    /** Every version, ascending; null when the model does not exist. */
    public Uni<List<ModelVersion>> versions(String name) {
        return snapshot(name).map(s -> s == null ? null : s.versions());
    }

    /** The version an alias points at; null when the alias does not exist, {@code NotFound} when the model does not. */
    public Uni<ModelVersion> alias(String name, String alias) {
        return existing(name).map(s -> {
            Integer version = s.model().aliases().get(alias);
            return version == null ? null : s.version(version);
        });
    }

    public Uni<Page<ModelSnapshot>> searchModels(SearchQuery query) {
        SearchQuery checked = checkPage(query);
        return store.searchModels(checked).flatMap(page -> {
            if (page.items().isEmpty()) {
                return Uni.createFrom().item(new Page<ModelSnapshot>(List.of(), page.nextPageToken()));
            }
            List<Uni<ModelSnapshot>> loads = page.items().stream().map(this::snapshot).toList();
            return Uni.join().all(loads).andFailFast().map(snapshots -> new Page<>(
                    snapshots.stream().filter(java.util.Objects::nonNull).toList(), page.nextPageToken()));
        });
    }

    public Uni<Page<ModelVersion>> searchVersions(SearchQuery query) {
        SearchQuery checked = checkPage(query);
        return store.searchVersions(checked).flatMap(page -> {
            if (page.items().isEmpty()) {
                return Uni.createFrom().item(new Page<ModelVersion>(List.of(), page.nextPageToken()));
            }
            List<String> names = page.items().stream().map(RegistryStore.VersionKey::model).distinct().toList();
            return Uni.join().all(names.stream().map(this::snapshot).toList()).andFailFast().map(snapshots -> {
                Map<String, ModelSnapshot> byName = new LinkedHashMap<>();
                snapshots.stream().filter(java.util.Objects::nonNull).forEach(s -> byName.put(s.model().name(), s));
                List<ModelVersion> versions = new ArrayList<>();
                for (RegistryStore.VersionKey key : page.items()) {
                    ModelSnapshot s = byName.get(key.model());
                    ModelVersion v = s == null ? null : s.version(key.version());
                    if (v != null) {
                        versions.add(v);
                    }
                }
                return new Page<>(versions, page.nextPageToken());
            });
        });
    }

    private SearchQuery checkPage(SearchQuery query) {
        int size = query.pageSize() <= 0 ? config.search().defaultPageSize() : query.pageSize();
        if (size > config.search().maxPageSize()) {
            throw new MlRegistryException.InvalidParameter("max_results " + size + " is above the limit of "
                    + config.search().maxPageSize() + ".");
        }
        return new SearchQuery(query.filter(), query.orderBy(), size, query.pageToken());
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /** Creates a model; an identical create within the replay window returns the model instead of failing. */
    public Uni<RegisteredModel> createModel(NewModel model) {
        return createModel(model, true);
    }

    /**
     * Creates a model. With {@code replayIdentical} an identical create within the replay window (a client's retry)
     * returns the existing model; without it any existing name is {@code RESOURCE_ALREADY_EXISTS}, as MLflow does.
     */
    public Uni<RegisteredModel> createModel(NewModel model, boolean replayIdentical) {
        checkName(model.name(), "name");
        model.tags().keySet().forEach(key -> checkName(key, "tag key"));
        Instant now = clock.instant();
        return store.createModel(model, now, replayIdentical ? now.minus(config.createReplayWindow()) : now.plusSeconds(1))
                .invoke(ignored -> invalidate(model.name()));
    }

    public Uni<RegisteredModel> updateModel(String name, String description) {
        return store.updateModel(name, description, clock.instant()).invoke(() -> invalidate(name))
                .flatMap(ignored -> existing(name)).map(ModelSnapshot::model);
    }

    public Uni<RegisteredModel> renameModel(String name, String newName) {
        checkName(newName, "new_name");
        return store.renameModel(name, newName, clock.instant())
                .invoke(() -> {
                    invalidate(name);
                    invalidate(newName);
                })
                .flatMap(ignored -> existing(newName)).map(ModelSnapshot::model);
    }

    public Uni<Void> deleteModel(String name) {
        return store.deleteModel(name).invoke(() -> invalidate(name));
    }

    public Uni<Void> setModelTag(String name, String key, String value) {
        checkName(key, "tag key");
        return store.setModelTag(name, key, value == null ? "" : value, clock.instant())
                .invoke(() -> invalidate(name));
    }

    public Uni<Void> deleteModelTag(String name, String key) {
        return store.deleteModelTag(name, key, clock.instant()).invoke(() -> invalidate(name));
    }

    public Uni<ModelVersion> createVersion(String name, NewVersion version) {
        checkName(name, "name");
        version.tags().keySet().forEach(key -> checkName(key, "tag key"));
        version.metrics().forEach((metric, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new MlRegistryException.InvalidParameter("Metric '" + metric + "' must be a finite number.");
            }
        });
        Instant now = clock.instant();
        return store.createVersion(name, version, now, now.minus(config.createReplayWindow()))
                .invoke(created -> {
                    invalidate(name);
                    registrations.increment();
                });
    }

    public Uni<ModelVersion> updateVersion(String name, int version, String description, VersionStatus status,
            String statusMessage) {
        return store.updateVersion(name, version, description, status, statusMessage, clock.instant())
                .invoke(() -> invalidate(name))
                .flatMap(ignored -> version(name, version));
    }

    public Uni<Void> deleteVersion(String name, int version) {
        return store.deleteVersion(name, version).invoke(() -> invalidate(name));
    }

    public Uni<Void> setVersionTag(String name, int version, String key, String value) {
        checkName(key, "tag key");
        return store.setVersionTag(name, version, key, value == null ? "" : value, clock.instant())
                .invoke(() -> invalidate(name));
    }

    public Uni<Void> deleteVersionTag(String name, int version, String key) {
        return store.deleteVersionTag(name, version, key, clock.instant()).invoke(() -> invalidate(name));
    }

    public Uni<Void> setAlias(String name, String alias, int version) {
        if (alias == null || !ALIAS.matcher(alias).matches() || RESERVED_ALIAS.matcher(alias).matches()) {
            throw new MlRegistryException.InvalidParameter("Invalid alias '" + alias + "': use letters, digits, "
                    + "'_' and '-', starting with a letter or '_'; 'latest' and 'v<number>' are reserved.");
        }
        return store.setAlias(name, alias, version, clock.instant()).invoke(() -> invalidate(name));
    }

    public Uni<Void> deleteAlias(String name, String alias) {
        return store.deleteAlias(name, alias, clock.instant()).invoke(() -> invalidate(name));
    }

    /** Puts a confidence baseline explicitly. */
    public Uni<Baseline> putBaseline(String name, int version, double mean, double stddev, long count) {
        if (!Double.isFinite(mean) || mean < 0 || mean > 1 || !Double.isFinite(stddev) || stddev < 0 || count < 1) {
            throw new MlRegistryException.InvalidParameter(
                    "A baseline needs 0 <= mean <= 1, a finite stddev >= 0 and count >= 1.");
        }
        Instant now = clock.instant();
        return store.putBaseline(name, version, mean, stddev, count, now)
                .invoke(() -> invalidate(name))
                .map(ignored -> new Baseline(name, version, mean, stddev, count,
                        now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toEpochMilli()));
    }

    // ---- cache ---------------------------------------------------------------------------------------------

    /** Drops a model's snapshot after a write on this instance. */
    void invalidate(String name) {
        cache.synchronous().invalidate(name);
        localInvalidations.increment();
    }

    /** Drops a model's snapshot because another instance (or this one) committed a write. */
    void invalidateFromNotify(String name) {
        cache.synchronous().invalidate(name);
        notifyInvalidations.increment();
    }

    /** Drops everything, when notifications may have been missed (the listener reconnected). */
    void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Parses a version number as the APIs receive it ("3"); a bad string is an invalid parameter. */
    public static int parseVersion(String version) {
        try {
            int v = Integer.parseInt(version == null ? "" : version.strip());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new MlRegistryException.InvalidParameter("Invalid model version '" + version
                + "': a version is a positive integer.");
    }

    private static void checkName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new MlRegistryException.InvalidParameter("Missing value for required parameter '" + what + "'.");
        }
        if (value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw new MlRegistryException.InvalidParameter("Invalid " + what + " '" + abbreviate(value)
                    + "': at most " + MAX_NAME + " characters, no control characters.");
        }
    }

    private static String abbreviate(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 37) + "..." : clean;
    }
}
