package dev.corvid.mlregistry.performance;

import dev.corvid.mlregistry.MlRegistryException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** {@link PredictionStore} on the reactive PostgreSQL client; a bulk insert is one {@code unnest} statement. */
@ApplicationScoped
@Timeout(10000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = MlRegistryException.class)
class PgPredictionStore implements PredictionStore {

    /** Also run raw by the benchmark, through the test-side {@code *Statements} class of this package. */
    static final String INSERT_ONE = "INSERT INTO mlregistry.prediction"
            + " (model_id, version, predicted_at, predicted, confidence, actual, correct, features)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    /** Also run raw by the benchmark, through the test-side {@code *Statements} class of this package. */
    static final String INSERT_ALL = "INSERT INTO mlregistry.prediction"
            + " (model_id, version, predicted_at, predicted, confidence, actual, correct, features)"
            + " SELECT $1, $2, t.at, t.p, t.c, t.a, t.k, t.f::jsonb FROM unnest($3::timestamptz[], $4::text[],"
            + " $5::float8[], $6::text[], $7::bool[], $8::text[]) AS t(at, p, c, a, k, f)";
    /** Also run raw by the benchmark, through the test-side {@code *Statements} class of this package. */
    static final String RECENT = "SELECT id, predicted_at, predicted, confidence, actual, correct, features"
            + " FROM mlregistry.prediction WHERE model_id = $1 AND version = $2 ORDER BY id DESC LIMIT $3";
    /** Also run raw by the benchmark, through the test-side {@code *Statements} class of this package. */
    static final String ACCURACY_LAST = "SELECT count(*) AS labelled, count(*) FILTER (WHERE correct) AS correct,"
            + " min(predicted_at) AS first, max(predicted_at) AS last FROM (SELECT correct, predicted_at"
            + " FROM mlregistry.prediction WHERE model_id = $1 AND version = $2 AND correct IS NOT NULL"
            + " ORDER BY id DESC LIMIT $3) t";
    static final String ACCURACY_BETWEEN = "SELECT count(*) AS labelled, count(*) FILTER (WHERE correct) AS correct,"
            + " min(predicted_at) AS first, max(predicted_at) AS last FROM mlregistry.prediction"
            + " WHERE model_id = $1 AND version = $2 AND correct IS NOT NULL AND predicted_at >= $3"
            + " AND predicted_at < $4";
    static final String CONFIDENCE_LAST = "SELECT avg(confidence) AS mean, stddev_samp(confidence) AS sd,"
            + " count(*) AS n FROM (SELECT confidence FROM mlregistry.prediction WHERE model_id = $1"
            + " AND version = $2 AND confidence IS NOT NULL ORDER BY id DESC LIMIT $3) t";
    static final String LABELLED_COUNTS = "SELECT version, count(*) AS labelled,"
            + " count(*) FILTER (WHERE correct) AS correct FROM mlregistry.prediction WHERE model_id = $1"
            + " AND version = ANY($2) AND correct IS NOT NULL AND predicted_at >= $3 AND predicted_at < $4"
            + " GROUP BY version";

    private final Pool pool;

    PgPredictionStore(Pool pool) {
        this.pool = pool;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Uni<Long> insert(long modelId, int version, NewPrediction p, Instant now) {
        return pool.preparedQuery(INSERT_ONE).execute(Tuple.from(Arrays.asList(modelId, version,
                time(p.timestamp() == null ? now : p.timestamp()), p.predicted(), p.confidence(), p.actual(),
                p.labelledCorrect(), p.features() == null ? null : new JsonObject(p.features()))))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    @Override
    public Uni<Integer> insertAll(long modelId, int version, List<NewPrediction> predictions, Instant now) {
        int n = predictions.size();
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] predicted = new String[n];
        Double[] confidence = new Double[n];
        String[] actual = new String[n];
        Boolean[] correct = new Boolean[n];
        String[] features = new String[n];
        for (int i = 0; i < n; i++) {
            NewPrediction p = predictions.get(i);
            at[i] = time(p.timestamp() == null ? now : p.timestamp());
            predicted[i] = p.predicted();
            confidence[i] = p.confidence();
            actual[i] = p.actual();
            correct[i] = p.labelledCorrect();
            features[i] = p.features() == null ? null : new JsonObject(p.features()).encode();
        }
        return pool.preparedQuery(INSERT_ALL)
                .execute(Tuple.from(Arrays.asList(modelId, version, at, predicted, confidence, actual, correct,
                        features)))
                .map(rows -> rows.rowCount());
    }

    @Override
    public Uni<List<Prediction>> recent(String model, long modelId, int version, int limit) {
        return pool.preparedQuery(RECENT).execute(Tuple.of(modelId, version, limit)).map(rows -> {
            List<Prediction> result = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Object features = row.getValue("features");
                result.add(new Prediction(row.getLong("id"), model, version,
                        row.getOffsetDateTime("predicted_at").toInstant(), row.getString("predicted"),
                        row.getDouble("confidence"), row.getString("actual"), row.getBoolean("correct"),
                        features instanceof JsonObject json ? json.getMap() : null));
            }
            return result;
        });
    }

    @Override
    public Uni<Accuracy> accuracyOfLast(String model, long modelId, int version, int n) {
        return pool.preparedQuery(ACCURACY_LAST).execute(Tuple.of(modelId, version, n))
                .map(rows -> accuracy(model, version, rows.iterator().next()));
    }

    @Override
    public Uni<Accuracy> accuracyBetween(String model, long modelId, int version, Instant from, Instant to) {
        return pool.preparedQuery(ACCURACY_BETWEEN).execute(Tuple.of(modelId, version, time(from), time(to)))
                .map(rows -> accuracy(model, version, rows.iterator().next()));
    }

    private static Accuracy accuracy(String model, int version, Row row) {
        long labelled = row.getLong("labelled");
        long correct = row.getLong("correct");
        OffsetDateTime first = row.getOffsetDateTime("first");
        OffsetDateTime last = row.getOffsetDateTime("last");
        return new Accuracy(model, version, labelled, correct, labelled == 0 ? null : (double) correct / labelled,
                first == null ? null : first.toInstant(), last == null ? null : last.toInstant());
    }

    @Override
    public Uni<ConfidenceStats> confidenceOfLast(long modelId, int version, int n) {
        return pool.preparedQuery(CONFIDENCE_LAST).execute(Tuple.of(modelId, version, n)).map(rows -> {
            Row row = rows.iterator().next();
            long count = row.getLong("n");
            Double mean = row.getDouble("mean");
            Double sd = row.getDouble("sd");
            return new ConfidenceStats(mean == null ? Double.NaN : mean, sd == null ? 0 : sd, count);
        });
    }

    @Override
    public Uni<Map<Integer, long[]>> labelledCounts(long modelId, List<Integer> versions, Instant from, Instant to) {
        return pool.preparedQuery(LABELLED_COUNTS)
                .execute(Tuple.of(modelId, versions.toArray(Integer[]::new), time(from), time(to)))
                .map(rows -> {
                    Map<Integer, long[]> counts = new HashMap<>();
                    for (Row row : rows) {
                        counts.put(row.getInteger("version"),
                                new long[] { row.getLong("labelled"), row.getLong("correct") });
                    }
                    return counts;
                });
    }
}
