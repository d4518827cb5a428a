package dev.corvid.mlregistry.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.corvid.mlregistry.RegistryApi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PredictionStore} must do, as its javadoc states it; each implementation runs it through a
 * subclass ({@code PgPredictionStoreTest}). Models and versions are made through the registry's API.
 */
abstract class PredictionStoreContract {

    protected abstract PredictionStore store();

    /** For the model's id, which the store is addressed by. */
    protected abstract Pool pool();

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    private long modelId(String name) {
        return await(pool().preparedQuery("SELECT id FROM mlregistry.registered_model WHERE name = $1")
                .execute(Tuple.of(name))).iterator().next().getLong(0);
    }

    private static NewPrediction prediction(int minute, String predicted, Double confidence, String actual) {
        return new NewPrediction(T0.plusSeconds(60L * minute), predicted, confidence, actual, null,
                Map.of("minute", minute));
    }

    @Test
    void oneInsertReturnsItsIdAndRecentListsNewestFirstWithEveryField() {
        String model = RegistryApi.model("pred-contract", 1);
        long id = modelId(model);
        long first = await(store().insert(id, 1, prediction(1, "cat", 0.9, "cat"), T0));
        long second = await(store().insert(id, 1, prediction(2, "dog", null, null), T0));
        assertThat(second).isGreaterThan(first);
        List<Prediction> recent = await(store().recent(model, id, 1, 10));
        assertThat(recent).extracting(Prediction::id).containsExactly(second, first);
        Prediction cat = recent.get(1);
        assertThat(cat.predicted()).isEqualTo("cat");
        assertThat(cat.confidence()).isEqualTo(0.9);
        assertThat(cat.correct()).as("derived from actual").isTrue();
        assertThat(cat.timestamp()).isEqualTo(T0.plusSeconds(60));
        assertThat(cat.features()).containsEntry("minute", 1);
        assertThat(recent.get(0).correct()).as("unlabelled").isNull();
        assertThat(await(store().recent(model, id, 1, 1))).hasSize(1);
    }

    @Test
    void aBulkInsertStoresEveryRowAndAccuracyCountsTheLabelledOnes() {
        String model = RegistryApi.model("pred-contract-bulk", 2);
        long id = modelId(model);
        List<NewPrediction> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(prediction(i, "yes", 0.5 + i * 0.01, i < 7 ? "yes" : "no"));
        }
        rows.add(prediction(10, "yes", null, null));
        assertThat(await(store().insertAll(id, 1, rows, T0))).isEqualTo(11);

        Accuracy all = await(store().accuracyOfLast(model, id, 1, 100));
        assertThat(all.labelled()).isEqualTo(10);
        assertThat(all.correct()).isEqualTo(7);
        assertThat(all.accuracy()).isCloseTo(0.7, within(1e-9));
        Accuracy last3 = await(store().accuracyOfLast(model, id, 1, 3));
        assertThat(last3.labelled()).isEqualTo(3);
        assertThat(last3.correct()).isZero();
        Accuracy window = await(store().accuracyBetween(model, id, 1, T0, T0.plusSeconds(60 * 5)));
        assertThat(window.labelled()).as("[from, to)").isEqualTo(5);
        Accuracy none = await(store().accuracyOfLast(model, id, 2, 100));
        assertThat(none.labelled()).isZero();
        assertThat(none.accuracy()).isNull();
    }

    @Test
    void confidenceStatisticsAndPerVersionCountsCoverWhatTheJavadocSays() {
        String model = RegistryApi.model("pred-contract-stats", 2);
        long id = modelId(model);
        await(store().insertAll(id, 1, List.of(prediction(0, "a", 0.2, "a"), prediction(1, "a", 0.4, "b"),
                prediction(2, "a", null, "a")), T0));
        await(store().insertAll(id, 2, List.of(prediction(0, "a", 0.9, "a")), T0));
        ConfidenceStats stats = await(store().confidenceOfLast(id, 1, 10));
        assertThat(stats.count()).as("only rows with a confidence").isEqualTo(2);
        assertThat(stats.mean()).isCloseTo(0.3, within(1e-9));
        assertThat(stats.stddev()).isCloseTo(Math.sqrt(0.02), within(1e-9));

        Map<Integer, long[]> counts = await(store().labelledCounts(id, List.of(1, 2), T0, T0.plusSeconds(3600)));
        assertThat(counts.get(1)).containsExactly(3, 2);
        assertThat(counts.get(2)).containsExactly(1, 1);
        assertThat(await(store().labelledCounts(id, List.of(1, 2), T0.plusSeconds(3600), T0.plusSeconds(7200))))
                .isEmpty();
    }
}
