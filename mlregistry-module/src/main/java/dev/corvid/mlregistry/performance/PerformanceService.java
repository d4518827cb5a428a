package dev.corvid.mlregistry.performance;

import dev.corvid.mlregistry.MlRegistryConfig;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.MlRegistryMetrics;
import dev.corvid.mlregistry.registry.Baseline;
import dev.corvid.mlregistry.registry.ModelSnapshot;
import dev.corvid.mlregistry.registry.RegistryService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Prediction performance of model versions: storing predictions, accuracy, confidence baselines and drift. Model
 * and version are resolved through the registry's cache, so a write to an unknown version is a 404 before any SQL.
 */
@ApplicationScoped
public class PerformanceService {

    private static final int MAX_TEXT = 10_000;

    private final PredictionStore store;
    private final RegistryService registry;
    private final MlRegistryConfig config;
    private final Clock clock;
    private final Counter single;
    private final Counter bulk;
    private final Timer singleTimer;
    private final Timer bulkTimer;

    PerformanceService(PredictionStore store, RegistryService registry, MlRegistryConfig config, Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.single = counter(meters, "single");
        this.bulk = counter(meters, "bulk");
        this.singleTimer = timer(meters, "single");
        this.bulkTimer = timer(meters, "bulk");
    }

    private static Counter counter(MeterRegistry meters, String mode) {
        return Counter.builder(MlRegistryMetrics.PREDICTIONS).description("Predictions stored")
                .tag(MlRegistryMetrics.TAG_MODE, mode).register(meters);
    }

    private static Timer timer(MeterRegistry meters, String mode) {
        return Timer.builder(MlRegistryMetrics.PREDICTION_INSERT).description("Time to store a prediction or a batch")
                .tag(MlRegistryMetrics.TAG_MODE, mode).register(meters);
    }

    /** The model's snapshot, checking that the version exists. */
    Uni<ModelSnapshot> versionOf(String model, int version) {
        return registry.existing(model).map(snapshot -> {
            if (snapshot.version(version) == null) {
                throw MlRegistryException.versionNotFound(model, version);
            }
            return snapshot;
        });
    }

    /** Stores one prediction; the item is its id. */
    public Uni<Long> record(String model, int version, NewPrediction prediction) {
        check(prediction, -1);
        long start = System.nanoTime();
        return versionOf(model, version)
                .flatMap(s -> store.insert(s.model().id(), version, prediction, clock.instant()))
                .invoke(id -> {
                    single.increment();
                    singleTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                });
    }

    /**
     * Stores a batch in one statement. Every row is checked first: one bad row rejects the whole batch, naming its
     * index, and nothing is written.
     */
    public Uni<Integer> recordAll(String model, int version, List<NewPrediction> predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw new MlRegistryException.InvalidParameter("A bulk request needs at least one prediction.");
        }
        if (predictions.size() > config.predictions().maxBatch()) {
            throw new MlRegistryException.InvalidParameter("A bulk request holds at most "
                    + config.predictions().maxBatch() + " predictions, got " + predictions.size() + ".");
        }
        for (int i = 0; i < predictions.size(); i++) {
            check(predictions.get(i), i);
        }
        long start = System.nanoTime();
        return versionOf(model, version)
                .flatMap(s -> store.insertAll(s.model().id(), version, predictions, clock.instant()))
                .invoke(n -> {
                    bulk.increment(n);
                    bulkTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                });
    }

    public Uni<List<Prediction>> recent(String model, int version, int limit) {
        checkWindow(limit, "limit");
        return versionOf(model, version).flatMap(s -> store.recent(model, s.model().id(), version, limit));
    }

    public Uni<Accuracy> accuracyOfLast(String model, int version, int n) {
        checkWindow(n, "last");
        return versionOf(model, version).flatMap(s -> store.accuracyOfLast(model, s.model().id(), version, n));
    }

    public Uni<Accuracy> accuracyBetween(String model, int version, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new MlRegistryException.InvalidParameter("An accuracy window needs from < to.");
        }
        return versionOf(model, version).flatMap(s -> store.accuracyBetween(model, s.model().id(), version, from, to));
    }

    /** The version's baseline, or null. */
    public Uni<Baseline> baseline(String model, int version) {
        return versionOf(model, version).map(s -> s.baselines().get(version));
    }

    /** Puts a baseline from the newest {@code n} stored confidences. */
    public Uni<Baseline> computeBaseline(String model, int version, int n) {
        checkWindow(n, "last");
        return versionOf(model, version)
                .flatMap(s -> store.confidenceOfLast(s.model().id(), version, n))
                .flatMap(stats -> {
                    if (stats.count() == 0) {
                        throw new MlRegistryException.InvalidState("Model version " + model + "/" + version
                                + " has no predictions with a confidence to compute a baseline from.");
                    }
                    return registry.putBaseline(model, version, stats.mean(), stats.stddev(), stats.count());
                });
    }

    /**
     * Puts a baseline explicitly. The upsert itself reports a missing version, so no cache read comes first: the
     * previous put invalidated the snapshot, and re-reading it would double the cost.
     */
    public Uni<Baseline> putBaseline(String model, int version, double mean, double stddev, long count) {
        return registry.putBaseline(model, version, mean, stddev, count);
    }

    /** Compares the newest {@code window} confidences with the baseline. */
    public Uni<Drift> drift(String model, int version, int window) {
        checkWindow(window, "window");
        return versionOf(model, version).flatMap(s -> {
            Baseline baseline = s.baselines().get(version);
            if (baseline == null) {
                throw new MlRegistryException.NotFound("Model version " + model + "/" + version
                        + " has no confidence baseline; put or compute one first.");
            }
            return store.confidenceOfLast(s.model().id(), version, window).map(recent -> Drift.of(model, version,
                    baseline.mean(), baseline.stddev(), baseline.count(), recent, config.drift().k()));
        });
    }

    /** Per version, labelled and correct counts in [from, to). */
    public Uni<Map<Integer, long[]>> labelledCounts(long modelId, List<Integer> versions, Instant from, Instant to) {
        return store.labelledCounts(modelId, versions, from, to);
    }

    private void checkWindow(int n, String name) {
        if (n < 1 || n > config.predictions().maxWindow()) {
            throw new MlRegistryException.InvalidParameter("'" + name + "' must be between 1 and "
                    + config.predictions().maxWindow() + ", got " + n + ".");
        }
    }

    private static void check(NewPrediction p, int row) {
        String where = row < 0 ? "" : "Row " + row + ": ";
        if (p == null) {
            throw invalid(where + "a prediction is required.", row);
        }
        if (p.predicted() == null || p.predicted().isEmpty()) {
            throw invalid(where + "'predicted' is required.", row);
        }
        if (p.predicted().length() > MAX_TEXT || (p.actual() != null && p.actual().length() > MAX_TEXT)) {
            throw invalid(where + "'predicted' and 'actual' hold at most " + MAX_TEXT + " characters.", row);
        }
        if (p.confidence() != null && !(p.confidence() >= 0 && p.confidence() <= 1)) {
            throw invalid(where + "'confidence' must be between 0 and 1, got " + p.confidence() + ".", row);
        }
    }

    private static MlRegistryException.InvalidParameter invalid(String detail, int row) {
        return row < 0 ? new MlRegistryException.InvalidParameter(detail)
                : new MlRegistryException.InvalidParameter(detail, row);
    }
}
