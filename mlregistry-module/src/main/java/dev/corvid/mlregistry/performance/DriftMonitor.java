package dev.corvid.mlregistry.performance;

import dev.corvid.mlregistry.MlRegistryConfig;
import dev.corvid.mlregistry.MlRegistryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Checks every version that has a confidence baseline, every {@code corvid.mlregistry.drift.interval}, and
 * publishes the accuracy, drift score and drifting gauges Prometheus alerts on. Rows are replaced on each pass, so a
 * deleted version's gauges disappear at the next pass, and at most {@code corvid.mlregistry.metrics.max-series}
 * versions (the most recently baselined) are exported: the tag values stay bounded by what exists.
 */
@ApplicationScoped
class DriftMonitor {

    private static final Logger LOG = Logger.getLogger(DriftMonitor.class);
    /** The most recently baselined versions, at most {@code corvid.mlregistry.metrics.max-series}. */
    private static final String WATCHED = "SELECT m.name, b.version FROM mlregistry.confidence_baseline b"
            + " JOIN mlregistry.registered_model m ON m.id = b.model_id ORDER BY b.updated_at DESC, m.name, b.version"
            + " LIMIT $1";

    private final PerformanceService performance;
    private final Pool pool;
    private final Vertx vertx;
    private final MlRegistryConfig config;
    private final MultiGauge accuracy;
    private final MultiGauge score;
    private final MultiGauge drifting;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    DriftMonitor(PerformanceService performance, Pool pool, Vertx vertx, MlRegistryConfig config,
            MeterRegistry meters) {
        this.performance = performance;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.accuracy = MultiGauge.builder(MlRegistryMetrics.ACCURACY)
                .description("Accuracy over the last labelled predictions (drift window)").register(meters);
        this.score = MultiGauge.builder(MlRegistryMetrics.DRIFT_SCORE)
                .description("|recent mean - baseline mean| / (baseline sd / sqrt(n))").register(meters);
        this.drifting = MultiGauge.builder(MlRegistryMetrics.DRIFTING)
                .description("1 while recent confidence drifts from the baseline").register(meters);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.drift().interval().toMillis(), ignored -> check().subscribe().with(
                done -> { }, failure -> LOG.warnf("Drift check failed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass over every watched version; passes never overlap. */
    Uni<Void> check() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        int window = config.drift().window();
        return pool.preparedQuery(WATCHED).execute(Tuple.of(config.metrics().maxSeries())).flatMap(rows -> {
            List<Uni<Drift>> drifts = new ArrayList<>();
            List<Uni<Accuracy>> accuracies = new ArrayList<>();
            for (Row row : rows) {
                String model = row.getString(0);
                int version = row.getInteger(1);
                drifts.add(performance.drift(model, version, window).onFailure().recoverWithNull());
                accuracies.add(performance.accuracyOfLast(model, version, window).onFailure().recoverWithNull());
            }
            if (drifts.isEmpty()) {
                publish(List.of(), List.of());
                return Uni.createFrom().voidItem();
            }
            return Uni.join().all(drifts).andCollectFailures().flatMap(d -> Uni.join().all(accuracies)
                    .andCollectFailures().invoke(a -> publish(d, a))).replaceWithVoid();
        }).eventually(() -> running.set(false));
    }

    private void publish(List<Drift> drifts, List<Accuracy> accuracies) {
        List<MultiGauge.Row<?>> scores = new ArrayList<>();
        List<MultiGauge.Row<?>> flags = new ArrayList<>();
        for (Drift d : drifts) {
            if (d != null) {
                Tags tags = tags(d.model(), d.version());
                scores.add(MultiGauge.Row.of(tags, d.score() == null ? (d.drifting() ? Double.MAX_VALUE : 0)
                        : d.score()));
                flags.add(MultiGauge.Row.of(tags, d.drifting() ? 1 : 0));
            }
        }
        List<MultiGauge.Row<?>> acc = new ArrayList<>();
        for (Accuracy a : accuracies) {
            if (a != null && a.accuracy() != null) {
                acc.add(MultiGauge.Row.of(tags(a.model(), a.version()), a.accuracy()));
            }
        }
        score.register(scores, true);
        drifting.register(flags, true);
        accuracy.register(acc, true);
    }

    private static Tags tags(String model, int version) {
        return Tags.of(MlRegistryMetrics.TAG_MODEL, model, MlRegistryMetrics.TAG_VERSION, Integer.toString(version));
    }
}
