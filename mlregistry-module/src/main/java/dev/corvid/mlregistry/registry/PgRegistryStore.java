package dev.corvid.mlregistry.registry;

import dev.corvid.mlregistry.MlRegistryException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * {@link RegistryStore} on the reactive PostgreSQL client, one statement per operation where SQL allows (version
 * registration allocates the number, checks for a replay, inserts tags and notifies in one round trip). Timestamps
 * are stored truncated to milliseconds, which is what the APIs show.
 */
@ApplicationScoped
@Timeout(5000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = MlRegistryException.class)
class PgRegistryStore implements RegistryStore {

    private static final String NOTIFY = "pg_notify('" + INVALIDATION_CHANNEL + "', $1)";
    private static final String MILLIS = "floor(extract(epoch FROM %s) * 1000)::bigint";

    private static final String SNAPSHOT = "SELECT json_build_object("
            + "'id', m.id, 'name', m.name, 'description', m.description, 'owner', m.owner,"
            + " 'lastVersion', m.last_version, 'createdAt', " + millis("m.created_at")
            + ", 'updatedAt', " + millis("m.updated_at") + ","
            + " 'tags', COALESCE((SELECT json_object_agg(t.key, t.value) FROM mlregistry.registered_model_tag t"
            + "   WHERE t.model_id = m.id), '{}'::json),"
            + " 'aliases', COALESCE((SELECT json_object_agg(a.alias, a.version) FROM mlregistry.model_alias a"
            + "   WHERE a.model_id = m.id), '{}'::json),"
            + " 'versions', COALESCE((SELECT json_agg(json_build_object("
            + "   'version', v.version, 'source', v.source, 'runId', v.run_id, 'runLink', v.run_link,"
            + "   'status', v.status, 'statusMessage', v.status_message, 'description', v.description,"
            + "   'framework', v.framework, 'metrics', v.metrics, 'hyperparameters', v.hyperparameters,"
            + "   'createdAt', " + millis("v.created_at") + ", 'updatedAt', " + millis("v.updated_at") + ","
            + "   'tags', COALESCE((SELECT json_object_agg(t.key, t.value) FROM mlregistry.model_version_tag t"
            + "     WHERE t.model_id = v.model_id AND t.version = v.version), '{}'::json))"
            + "   ORDER BY v.version) FROM mlregistry.model_version v WHERE v.model_id = m.id), '[]'::json),"
            + " 'baselines', COALESCE((SELECT json_agg(json_build_object('version', b.version, 'mean', b.mean,"
            + "   'stddev', b.stddev, 'count', b.count, 'updatedAt', " + millis("b.updated_at") + "))"
            + "   FROM mlregistry.confidence_baseline b WHERE b.model_id = m.id), '[]'::json))"
            + " FROM mlregistry.registered_model m WHERE m.name = $1";

    private static final String CREATE_MODEL = "WITH ins AS (INSERT INTO mlregistry.registered_model"
            + " (name, description, owner, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)"
            + " ON CONFLICT (name) DO NOTHING RETURNING id),"
            + " tags AS (INSERT INTO mlregistry.registered_model_tag (model_id, key, value)"
            + "   SELECT ins.id, x.k, x.v FROM ins, unnest($5::text[], $6::text[]) AS x(k, v))"
            + " SELECT (SELECT id FROM ins) AS id";

    /** Also run raw by the benchmark, through the test-side {@code *Statements} class of this package. */
    static final String CREATE_VERSION = "WITH dup AS (SELECT v.version FROM mlregistry.model_version v"
            + "   JOIN mlregistry.registered_model m ON m.id = v.model_id WHERE m.name = $1"
            + "   AND coalesce(v.source, '') = coalesce($2, '') AND v.created_at >= $13"
            + "   AND v.run_id IS NOT DISTINCT FROM $3"
            + "   AND v.description IS NOT DISTINCT FROM $7 ORDER BY v.version DESC LIMIT 1),"
            + " m AS (UPDATE mlregistry.registered_model SET last_version = last_version + 1, updated_at = $12"
            + "   WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM dup) RETURNING id, last_version),"
            + " v AS (INSERT INTO mlregistry.model_version (model_id, version, source, run_id, run_link, status, status_message,"
            + "   description, framework, metrics, hyperparameters, created_at, updated_at)"
            + "   SELECT m.id, m.last_version, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $12 FROM m RETURNING version),"
            + " t AS (INSERT INTO mlregistry.model_version_tag (model_id, version, key, value)"
            + "   SELECT m.id, m.last_version, x.k, x.v FROM m, unnest($11::text[], $14::text[]) AS x(k, v))"
            + " SELECT (SELECT version FROM v) AS created, (SELECT version FROM dup) AS replayed, " + NOTIFY;

    private final Pool pool;

    PgRegistryStore(Pool pool) {
        this.pool = pool;
    }

    private static String millis(String column) {
        return MILLIS.formatted(column);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    @Override
    public Uni<ModelSnapshot> load(String name) {
        return pool.preparedQuery(SNAPSHOT).execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : snapshot(toJson(rows.iterator().next().getValue(0))));
    }

    private static JsonObject toJson(Object value) {
        return value instanceof JsonObject json ? json : new JsonObject(value.toString());
    }

    @Override
    public Uni<RegisteredModel> createModel(NewModel model, Instant now, Instant replayAfter) {
        String[][] tags = split(model.tags());
        return pool.preparedQuery(CREATE_MODEL)
                .execute(Tuple.from(Arrays.asList(model.name(), model.description(), model.owner(),
                        time(now), tags[0], tags[1])))
                .flatMap(rows -> load(model.name()).map(snapshot -> {
                    Long id = rows.iterator().next().getLong("id");
                    if (snapshot == null) {
                        throw new MlRegistryException.NotFound("Registered model '" + model.name()
                                + "' was deleted while being created.");
                    }
                    RegisteredModel existing = snapshot.model();
                    boolean replay = id == null && existing.createdAt() >= replayAfter.toEpochMilli()
                            && java.util.Objects.equals(existing.description(), model.description())
                            && java.util.Objects.equals(existing.owner(), model.owner())
                            && existing.tags().equals(model.tags());
                    if (id == null && !replay) {
                        throw new MlRegistryException.AlreadyExists(
                                "Registered model (name=" + model.name() + ") already exists.");
                    }
                    return existing;
                }));
    }

    @Override
    public Uni<Void> updateModel(String name, String description, Instant now) {
        return expectRow(pool.preparedQuery("UPDATE mlregistry.registered_model SET description = $2, updated_at = $3"
                + " WHERE name = $1 RETURNING " + NOTIFY).execute(Tuple.of(name, description, time(now))),
                modelMissing(name));
    }

    @Override
    public Uni<Void> renameModel(String name, String newName, Instant now) {
        return expectRow(pool.preparedQuery("UPDATE mlregistry.registered_model SET name = $2, updated_at = $3 WHERE name = $1"
                + " RETURNING " + NOTIFY + ", pg_notify('" + INVALIDATION_CHANNEL + "', $2)")
                .execute(Tuple.of(name, newName, time(now)))
                .onFailure(PgException.class).transform(e -> uniqueViolation(e,
                        "Registered model (name=" + newName + ") already exists.")),
                modelMissing(name));
    }

    @Override
    public Uni<Void> deleteModel(String name) {
        return expectRow(pool.preparedQuery("DELETE FROM mlregistry.registered_model WHERE name = $1 RETURNING " + NOTIFY)
                .execute(Tuple.of(name)), modelMissing(name));
    }

    @Override
    public Uni<Void> setModelTag(String name, String key, String value, Instant now) {
        return expectRow(pool.preparedQuery("WITH m AS (UPDATE mlregistry.registered_model SET updated_at = $4 WHERE name = $1"
                + " RETURNING id) INSERT INTO mlregistry.registered_model_tag (model_id, key, value) SELECT m.id, $2, $3 FROM m"
                + " ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value RETURNING " + NOTIFY)
                .execute(Tuple.of(name, key, value, time(now))), modelMissing(name));
    }

    @Override
    public Uni<Void> deleteModelTag(String name, String key, Instant now) {
        return pool.preparedQuery("WITH m AS (UPDATE mlregistry.registered_model SET updated_at = $3 WHERE name = $1"
                + " RETURNING id), d AS (DELETE FROM mlregistry.registered_model_tag t USING m WHERE t.model_id = m.id"
                + " AND t.key = $2 RETURNING 1) SELECT (SELECT count(*) FROM m) AS found, " + NOTIFY)
                .execute(Tuple.of(name, key, time(now)))
                .map(rows -> {
                    if (rows.iterator().next().getLong("found") == 0) {
                        throw modelMissing(name);
                    }
                    return null;
                });
    }

    @Override
    public Uni<ModelVersion> createVersion(String name, NewVersion version, Instant now, Instant replayAfter) {
        String[][] tags = split(version.tags());
        List<Object> params = new ArrayList<>(14);
        params.add(name);
        params.add(version.source());
        params.add(version.runId());
        params.add(version.runLink());
        params.add(version.status().name());
        params.add(version.statusMessage());
        params.add(version.description());
        params.add(version.framework());
        params.add(new JsonObject(new LinkedHashMap<>(version.metrics())));
        params.add(new JsonObject(new LinkedHashMap<>(version.hyperparameters())));
        params.add(tags[0]);
        params.add(time(now));
        params.add(time(replayAfter));
        params.add(tags[1]);
        return pool.preparedQuery(CREATE_VERSION).execute(Tuple.from(params)).flatMap(rows -> {
            Row row = rows.iterator().next();
            Integer created = row.getInteger("created");
            if (created != null) {
                long at = now.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
                return Uni.createFrom().item(new ModelVersion(name, created, version.source(), version.runId(),
                        version.runLink(), version.status(), version.statusMessage(), version.description(),
                        version.framework(), version.metrics(), version.hyperparameters(), version.tags(),
                        List.of(), at, at));
            }
            Integer replayed = row.getInteger("replayed");
            if (replayed == null) {
                return Uni.createFrom().failure(modelMissing(name));
            }
            return load(name).map(snapshot -> snapshot == null ? null : snapshot.version(replayed));
        });
    }

    @Override
    public Uni<Void> updateVersion(String name, int version, String description, VersionStatus status,
            String statusMessage, Instant now) {
        return expectRow(pool.preparedQuery("UPDATE mlregistry.model_version v SET description = COALESCE($3, v.description),"
                + " status = COALESCE($4, v.status), status_message = COALESCE($5, v.status_message),"
                + " updated_at = $6 FROM mlregistry.registered_model m WHERE m.id = v.model_id AND m.name = $1"
                + " AND v.version = $2 RETURNING " + NOTIFY)
                .execute(Tuple.from(Arrays.asList(name, version, description,
                        status == null ? null : status.name(), statusMessage, time(now)))),
                versionMissing(name, version));
    }

    @Override
    public Uni<Void> deleteVersion(String name, int version) {
        return expectRow(pool.preparedQuery("DELETE FROM mlregistry.model_version v USING mlregistry.registered_model m"
                + " WHERE m.id = v.model_id AND m.name = $1 AND v.version = $2 RETURNING " + NOTIFY)
                .execute(Tuple.of(name, version)), versionMissing(name, version));
    }

    @Override
    public Uni<Void> setVersionTag(String name, int version, String key, String value, Instant now) {
        return expectRow(pool.preparedQuery("INSERT INTO mlregistry.model_version_tag (model_id, version, key, value)"
                + " SELECT v.model_id, v.version, $3, $4 FROM mlregistry.model_version v JOIN mlregistry.registered_model m"
                + " ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2"
                + " ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value RETURNING " + NOTIFY)
                .execute(Tuple.of(name, version, key, value)), versionMissing(name, version));
    }

    @Override
    public Uni<Void> deleteVersionTag(String name, int version, String key, Instant now) {
        return pool.preparedQuery("WITH v AS (SELECT v.model_id, v.version FROM mlregistry.model_version v"
                + " JOIN mlregistry.registered_model m ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2),"
                + " d AS (DELETE FROM mlregistry.model_version_tag t USING v WHERE t.model_id = v.model_id"
                + " AND t.version = v.version AND t.key = $3 RETURNING 1)"
                + " SELECT (SELECT count(*) FROM v) AS found, " + NOTIFY)
                .execute(Tuple.of(name, version, key))
                .map(rows -> {
                    if (rows.iterator().next().getLong("found") == 0) {
                        throw versionMissing(name, version);
                    }
                    return null;
                });
    }

    @Override
    public Uni<Void> setAlias(String name, String alias, int version, Instant now) {
        return expectRow(pool.preparedQuery("INSERT INTO mlregistry.model_alias (model_id, alias, version)"
                + " SELECT v.model_id, $2, v.version FROM mlregistry.model_version v JOIN mlregistry.registered_model m ON m.id = v.model_id"
                + " WHERE m.name = $1 AND v.version = $3"
                + " ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version RETURNING " + NOTIFY)
                .execute(Tuple.of(name, alias, version)), versionMissing(name, version));
    }

    @Override
    public Uni<Void> deleteAlias(String name, String alias, Instant now) {
        return expectRow(pool.preparedQuery("DELETE FROM mlregistry.model_alias a USING mlregistry.registered_model m"
                + " WHERE a.model_id = m.id AND m.name = $1 AND a.alias = $2 RETURNING " + NOTIFY)
                .execute(Tuple.of(name, alias)),
                new MlRegistryException.NotFound("Registered model alias " + alias + " not found for model "
                        + name + "."));
    }

    @Override
    public Uni<Page<String>> searchModels(SearchQuery query) {
        SearchFilter.Sql where = SearchFilter.compile(query.filter(), SearchFilter.Target.MODELS, 1);
        int offset = SearchPaging.offset(query);
        String sql = "SELECT m.name FROM mlregistry.registered_model m WHERE " + where.condition()
                + " ORDER BY " + SearchPaging.modelOrder(query.orderBy())
                + " LIMIT " + (query.pageSize() + 1) + " OFFSET " + offset;
        return pool.preparedQuery(sql).execute(Tuple.from(where.params()))
                .map(rows -> page(rows, query, offset, row -> row.getString(0)));
    }

    @Override
    public Uni<Page<VersionKey>> searchVersions(SearchQuery query) {
        SearchFilter.Sql where = SearchFilter.compile(query.filter(), SearchFilter.Target.VERSIONS, 1);
        int offset = SearchPaging.offset(query);
        String sql = "SELECT m.name, v.version FROM mlregistry.model_version v JOIN mlregistry.registered_model m ON m.id = v.model_id"
                + " WHERE " + where.condition() + " ORDER BY " + SearchPaging.versionOrder(query.orderBy())
                + " LIMIT " + (query.pageSize() + 1) + " OFFSET " + offset;
        return pool.preparedQuery(sql).execute(Tuple.from(where.params()))
                .map(rows -> page(rows, query, offset, row -> new VersionKey(row.getString(0), row.getInteger(1))));
    }

    @Override
    public Uni<Void> putBaseline(String name, int version, double mean, double stddev, long count, Instant now) {
        return expectRow(pool.preparedQuery(PUT_BASELINE)
                .execute(Tuple.from(Arrays.asList(name, version, mean, stddev, count, time(now)))),
                versionMissing(name, version));
    }

    /** Also run raw by the benchmark, through the test-side {@code *Statements} class of this package. */
    static final String PUT_BASELINE = "INSERT INTO mlregistry.confidence_baseline"
            + " (model_id, version, mean, stddev, count, updated_at)"
            + " SELECT v.model_id, v.version, $3, $4, $5, $6 FROM mlregistry.model_version v"
            + " JOIN mlregistry.registered_model m ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2"
            + " ON CONFLICT (model_id, version) DO UPDATE SET mean = excluded.mean, stddev = excluded.stddev,"
            + " count = excluded.count, updated_at = excluded.updated_at RETURNING " + NOTIFY;

    private static <T> Page<T> page(RowSet<Row> rows, SearchQuery query, int offset,
            java.util.function.Function<Row, T> item) {
        List<T> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(item.apply(row));
        }
        boolean more = items.size() > query.pageSize();
        if (more) {
            items.removeLast();
        }
        return new Page<>(items, more ? SearchPaging.token(offset + query.pageSize(), query) : null);
    }

    private static Uni<Void> expectRow(Uni<RowSet<Row>> statement, MlRegistryException missing) {
        return statement.map(rows -> {
            if (rows.rowCount() == 0) {
                throw missing;
            }
            return null;
        });
    }

    private static Throwable uniqueViolation(Throwable failure, String message) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? new MlRegistryException.AlreadyExists(message) : failure;
    }

    static MlRegistryException.NotFound modelMissing(String name) {
        return MlRegistryException.modelNotFound(name);
    }

    static MlRegistryException.NotFound versionMissing(String name, int version) {
        return MlRegistryException.versionNotFound(name, version);
    }

    private static String[][] split(Map<String, String> tags) {
        String[] keys = new String[tags.size()];
        String[] values = new String[tags.size()];
        int i = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            keys[i] = tag.getKey();
            values[i++] = tag.getValue();
        }
        return new String[][] { keys, values };
    }

    private static ModelSnapshot snapshot(JsonObject json) {
        Map<String, Integer> aliases = new HashMap<>();
        json.getJsonObject("aliases").forEach(e -> aliases.put(e.getKey(), ((Number) e.getValue()).intValue()));
        Map<Integer, List<String>> aliasesByVersion = new HashMap<>();
        aliases.forEach((alias, v) -> aliasesByVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(alias));
        String name = json.getString("name");
        RegisteredModel model = new RegisteredModel(json.getLong("id"), name, json.getString("description"),
                json.getString("owner"), strings(json.getJsonObject("tags")), aliases, json.getLong("createdAt"),
                json.getLong("updatedAt"), json.getInteger("lastVersion"));
        List<ModelVersion> versions = new ArrayList<>();
        JsonArray rawVersions = json.getJsonArray("versions");
        for (int i = 0; i < rawVersions.size(); i++) {
            JsonObject v = rawVersions.getJsonObject(i);
            int number = v.getInteger("version");
            Map<String, Double> metrics = new LinkedHashMap<>();
            v.getJsonObject("metrics").forEach(e -> metrics.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
            List<String> versionAliases = aliasesByVersion.getOrDefault(number, List.of()).stream().sorted().toList();
            versions.add(new ModelVersion(name, number, v.getString("source"), v.getString("runId"),
                    v.getString("runLink"), VersionStatus.valueOf(v.getString("status")), v.getString("statusMessage"),
                    v.getString("description"), v.getString("framework"), Map.copyOf(metrics),
                    v.getJsonObject("hyperparameters").getMap(), strings(v.getJsonObject("tags")), versionAliases,
                    v.getLong("createdAt"), v.getLong("updatedAt")));
        }
        Map<Integer, Baseline> baselines = new HashMap<>();
        JsonArray rawBaselines = json.getJsonArray("baselines");
        for (int i = 0; i < rawBaselines.size(); i++) {
            JsonObject b = rawBaselines.getJsonObject(i);
            baselines.put(b.getInteger("version"), new Baseline(name, b.getInteger("version"), b.getDouble("mean"),
                    b.getDouble("stddev"), b.getLong("count"), b.getLong("updatedAt")));
        }
        return new ModelSnapshot(model, versions, baselines);
    }

    private static Map<String, String> strings(JsonObject json) {
        Map<String, String> map = new HashMap<>();
        json.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
        return map;
    }
}
