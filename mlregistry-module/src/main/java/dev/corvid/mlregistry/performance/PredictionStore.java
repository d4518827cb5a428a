package dev.corvid.mlregistry.performance;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * Stored predictions of model versions, addressed by the model's id. Bulk inserts are one statement: all rows or
 * none. Queries over "the last n" go newest first by insertion order.
 */
interface PredictionStore {

    /** Stores one prediction; the item is its id. */
    Uni<Long> insert(long modelId, int version, NewPrediction prediction, Instant now);

    /** Stores all predictions in one statement; the item is how many were stored. */
    Uni<Integer> insertAll(long modelId, int version, List<NewPrediction> predictions, Instant now);

    /** The newest {@code limit} predictions, newest first. */
    Uni<List<Prediction>> recent(String model, long modelId, int version, int limit);

    /** Accuracy over the newest {@code n} labelled predictions. */
    Uni<Accuracy> accuracyOfLast(String model, long modelId, int version, int n);

    /** Accuracy over labelled predictions made in [from, to). */
    Uni<Accuracy> accuracyBetween(String model, long modelId, int version, Instant from, Instant to);

    /** Confidence statistics of the newest {@code n} predictions that carry a confidence. */
    Uni<ConfidenceStats> confidenceOfLast(long modelId, int version, int n);

    /** Per version: labelled and correct counts of predictions made in [from, to), for A/B arms. */
    Uni<java.util.Map<Integer, long[]>> labelledCounts(long modelId, List<Integer> versions, Instant from, Instant to);
}
