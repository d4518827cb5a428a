package dev.corvid.bench;

import dev.corvid.mlregistry.performance.NewPrediction;
import dev.corvid.mlregistry.performance.PerformanceService;
import dev.corvid.mlregistry.performance.PredictionStatements;
import dev.corvid.mlregistry.registry.ModelSnapshot;
import dev.corvid.mlregistry.registry.NewModel;
import dev.corvid.mlregistry.registry.NewVersion;
import dev.corvid.mlregistry.registry.RegistryStatements;
import dev.corvid.mlregistry.registry.RegistryService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The ML registry's in-process benchmark, side by side with the same SQL run raw on the reactive client (the
 * physical floor) and the PHP original's published numbers. Boots the real platform on the embedded PostgreSQL.
 *
 * <p>Run: {@code ./corvid bench mlregistry} (or {@code ./mvnw -pl platform-app verify -Dtest=MlRegistryBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}). Writes {@code docs/benchmarks/mlregistry.md}.
 */
@QuarkusTest
class MlRegistryBenchmark {

    private static final int WARMUP = Integer.getInteger("corvid.bench.warmup", 1000);
    private static final int CALLS = Integer.getInteger("corvid.bench.calls", 3000);
    private static final int BIG_TABLE = Integer.getInteger("corvid.bench.rows", 1_000_000);

    @Inject
    RegistryService registry;
    @Inject
    PerformanceService performance;
    @Inject
    Pool pool;

    private record Row(String operation, String php, String goal, Bench.Stats ours, Bench.Stats raw, String note) {
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().indefinitely();
    }

    private Object raw(String sql, Tuple params) {
        return await(pool.preparedQuery(sql).execute(params));
    }

    @Test
    void run() throws Exception {
        String model = "bench-" + System.nanoTime();
        await(registry.createModel(new NewModel(model, "benchmark", "bench", Map.of("team", "bench"))));
        for (int i = 0; i < 10; i++) {
            await(registry.createVersion(model, new NewVersion("s3://bench/" + i, "run-" + i, null, null, null,
                    null, "sklearn", Map.of("auc", 0.9), Map.of("depth", 6), Map.of())));
        }
        ModelSnapshot snapshot = await(registry.existing(model));
        long modelId = snapshot.model().id();
        List<Row> rows = new ArrayList<>();

        // Register: a second model takes the versions so the lookup model stays at 10.
        String sink = model + "-sink";
        await(registry.createModel(new NewModel(sink, null, null, Map.of())));
        long sinkId = await(registry.existing(sink)).model().id();
        AtomicInteger source = new AtomicInteger();
        rows.add(new Row("register model version", "6.49", "≤ 0.65",
                Bench.measure(WARMUP, CALLS, () -> await(registry.createVersion(sink, new NewVersion(
                        "s3://sink/" + source.incrementAndGet(), "run", null, null, null, null, "sklearn",
                        Map.of("auc", 0.9), Map.of(), Map.of("k", "v"))))),
                Bench.measure(WARMUP, CALLS, () -> raw(RegistryStatements.CREATE_VERSION, Tuple.from(Arrays.asList(sink,
                        "s3://raw/" + source.incrementAndGet(), "run", null, "READY", null, null, "sklearn",
                        new JsonObject().put("auc", 0.9), new JsonObject(), new String[] { "k" }, now(),
                        now().minusSeconds(60), new String[] { "v" })))),
                "one statement: number allocation, replay check, tags, NOTIFY"));

        String byVersion = "SELECT v.* FROM mlregistry.model_version v JOIN mlregistry.registered_model m"
                + " ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2";
        rows.add(new Row("lookup by name + version", "1.49", "≤ 0.15",
                Bench.measure(WARMUP, CALLS, () -> await(registry.version(model, 7))),
                Bench.measure(WARMUP, CALLS, () -> raw(byVersion, Tuple.of(model, 7))), "cached snapshot"));
        rows.add(new Row("latest version", "1.60", "≤ 0.16",
                Bench.measure(WARMUP, CALLS, () -> await(registry.latest(model))),
                Bench.measure(WARMUP, CALLS, () -> raw("SELECT v.* FROM mlregistry.model_version v JOIN"
                        + " mlregistry.registered_model m ON m.id = v.model_id WHERE m.name = $1"
                        + " ORDER BY v.version DESC LIMIT 1", Tuple.of(model))), "cached snapshot"));
        rows.add(new Row("all versions (10)", "1.46", "≤ 0.15",
                Bench.measure(WARMUP, CALLS, () -> await(registry.versions(model))),
                Bench.measure(WARMUP, CALLS, () -> raw("SELECT v.* FROM mlregistry.model_version v JOIN"
                        + " mlregistry.registered_model m ON m.id = v.model_id WHERE m.name = $1"
                        + " ORDER BY v.version", Tuple.of(model))), "cached snapshot"));
        rows.add(new Row("lookup after a write (cache miss)", "—", "—",
                Bench.measure(WARMUP / 4, CALLS / 4, () -> {
                    await(registry.setModelTag(model, "touch", "x"));
                    return await(registry.version(model, 7));
                }), Bench.measure(WARMUP / 4, CALLS / 4, () -> {
                    raw("UPDATE mlregistry.registered_model SET updated_at = now() WHERE id = $1", Tuple.of(modelId));
                    return raw(byVersion, Tuple.of(model, 7));
                }), "write + snapshot reload vs write + one select"));

        String insertOne = PredictionStatements.INSERT_ONE;
        rows.add(new Row("store one prediction", "4.15", "≤ 0.4",
                Bench.measure(WARMUP, CALLS, () -> await(performance.record(model, 1, new NewPrediction(null, "yes",
                        0.91, "yes", null, Map.of("amount", 12.5))))),
                Bench.measure(WARMUP, CALLS, () -> raw(insertOne, Tuple.from(Arrays.asList(modelId, 1, now(), "yes",
                        0.91, "yes", true, new JsonObject().put("amount", 12.5))))), ""));

        List<NewPrediction> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(new NewPrediction(null, i % 3 == 0 ? "no" : "yes", 0.5 + i / 250.0, "yes", null,
                    Map.of("i", i)));
        }
        String insertAll = PredictionStatements.INSERT_ALL;
        rows.add(new Row("store 100 predictions (bulk)", "422.99", "≤ 10",
                Bench.measure(WARMUP / 10, CALLS / 10, () -> await(performance.recordAll(model, 2, hundred))),
                Bench.measure(WARMUP / 10, CALLS / 10, () -> raw(insertAll, bulkParams(modelId, 2, hundred))),
                "one unnest statement"));

        await(pool.query("VACUUM (ANALYZE) mlregistry.prediction").execute());
        String recent = PredictionStatements.RECENT;
        rows.add(new Row("recent 100 predictions", "2.47", "≤ 0.25",
                Bench.measure(WARMUP, CALLS, () -> await(performance.recent(model, 1, 100))),
                Bench.measure(WARMUP, CALLS, () -> raw(recent, Tuple.of(modelId, 1, 100))), ""));

        String accuracy = PredictionStatements.ACCURACY_LAST;
        rows.add(new Row("accuracy, last 1,000 labelled", "1.92", "≤ 0.2",
                Bench.measure(WARMUP, CALLS, () -> await(performance.accuracyOfLast(model, 2, 1000))),
                Bench.measure(WARMUP, CALLS, () -> raw(accuracy, Tuple.of(modelId, 2, 1000))),
                "index-only scan"));

        // A table of a million rows: the same query must not care how much history there is.
        long loadStart = System.nanoTime();
        List<NewPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(new NewPrediction(null, "yes", 0.8, i % 5 == 0 ? "no" : "yes", null, null));
        }
        long existing = (Long) await(pool.query("SELECT count(*) FROM mlregistry.prediction").execute())
                .iterator().next().getLong(0);
        for (long stored = existing; stored < BIG_TABLE; stored += batch.size()) {
            await(performance.recordAll(model, 3, batch));
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long total = await(pool.query("SELECT count(*) FROM mlregistry.prediction").execute()).iterator().next()
                .getLong(0);
        await(pool.query("VACUUM (ANALYZE) mlregistry.prediction").execute());
        rows.add(new Row("accuracy, last 1,000 labelled, " + String.format("%,d", total) + "-row table", "—",
                "≤ 20", Bench.measure(WARMUP, CALLS, () -> await(performance.accuracyOfLast(model, 3, 1000))),
                Bench.measure(WARMUP, CALLS, () -> raw(accuracy, Tuple.of(modelId, 3, 1000))), ""));
        rows.add(new Row("accuracy, last 100,000 labelled, same table", "—", "—",
                Bench.measure(20, 100, () -> await(performance.accuracyOfLast(model, 3, 100_000))),
                Bench.measure(20, 100, () -> raw(accuracy, Tuple.of(modelId, 3, 100_000))), ""));

        rows.add(new Row("confidence baseline store", "4.26", "≤ 0.43",
                Bench.measure(WARMUP, CALLS, () -> await(performance.putBaseline(model, 1, 0.8, 0.05, 1000))),
                Bench.measure(WARMUP, CALLS, () -> raw(RegistryStatements.PUT_BASELINE,
                        Tuple.of(model, 1, 0.8, 0.05, 1000L, now()))), "upsert + NOTIFY"));
        rows.add(new Row("confidence baseline get", "1.05", "≤ 0.1",
                Bench.measure(WARMUP, CALLS, () -> await(performance.baseline(model, 1))),
                Bench.measure(WARMUP, CALLS, () -> raw("SELECT * FROM mlregistry.confidence_baseline WHERE"
                        + " model_id = $1 AND version = $2", Tuple.of(modelId, 1))), "cached snapshot"));

        write(rows, total, loadSeconds);
    }

    private static OffsetDateTime now() {
        return Instant.now().atOffset(ZoneOffset.UTC);
    }

    private static Tuple bulkParams(long modelId, int version, List<NewPrediction> predictions) {
        int n = predictions.size();
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] p = new String[n];
        Double[] c = new Double[n];
        String[] a = new String[n];
        Boolean[] k = new Boolean[n];
        String[] f = new String[n];
        for (int i = 0; i < n; i++) {
            NewPrediction x = predictions.get(i);
            at[i] = now();
            p[i] = x.predicted();
            c[i] = x.confidence();
            a[i] = x.actual();
            k[i] = x.actual().equals(x.predicted());
            f[i] = new JsonObject(x.features()).encode();
        }
        return Tuple.from(Arrays.asList(modelId, version, at, p, c, a, k, f));
    }

    private void write(List<Row> rows, long tableRows, double loadSeconds) throws Exception {
        String pg = await(pool.query("SELECT version()").execute()).iterator().next().getString(0);
        StringBuilder md = new StringBuilder();
        md.append("# ML registry benchmark\n\n");
        md.append("Generated by `MlRegistryBenchmark` (`./corvid bench mlregistry`) on ").append(Instant.now())
                .append(".\n\n");
        md.append("- Machine: ").append(Bench.machine()).append("\n");
        md.append("- Database: ").append(pg.replaceAll(",.*", "")).append(", embedded, same machine, fsync on\n");
        md.append("- Method: in-process calls awaited one at a time from one thread (").append(WARMUP)
                .append(" warm-up, ").append(CALLS).append(" timed; bulk rows a tenth of that). \"Raw SQL\" runs"
                + " the identical SQL statement directly on the reactive pg client in the same run (for lookups,"
                + " the equivalent SELECT): the physical floor. Read rows run after `VACUUM (ANALYZE)`, the state"
                + " autovacuum keeps a live table in. PHP numbers are the original's published means.\n");
        md.append("- Prediction table for the large-table rows: ").append(String.format("%,d", tableRows))
                .append(" rows, loaded through the bulk API in ").append(String.format("%.1f", loadSeconds))
                .append(" s.\n\n");
        md.append("| operation | PHP original (ms) | goal (ms) | Corvid p50 | Corvid p99 | Corvid mean | raw SQL p50 "
                + "| raw SQL mean | Corvid / raw (mean) | notes |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.operation()).append(" | ").append(r.php()).append(" | ").append(r.goal())
                    .append(" | ").append(r.ours().p50()).append(" | ").append(r.ours().p99()).append(" | ")
                    .append(r.ours().mean()).append(" | ").append(r.raw().p50()).append(" | ")
                    .append(r.raw().mean()).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f×", r.ours().meanMs() / r.raw().meanMs()))
                    .append(" | ").append(r.note()).append(" |\n");
        }
        md.append("\nHTTP throughput (wrk on loopback) is measured by `bench/mlregistry-wrk.sh`; see"
                + " [mlregistry-http.md](mlregistry-http.md).\n");
        Files.writeString(Bench.output("mlregistry.md"), md);
        System.out.println(md);
    }
}
