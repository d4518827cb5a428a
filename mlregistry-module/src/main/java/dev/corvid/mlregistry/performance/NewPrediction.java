package dev.corvid.mlregistry.performance;

import java.time.Instant;
import java.util.Map;

/**
 * A prediction to store. {@code correct}, when absent, is derived from {@code actual} ({@code actual} equals
 * {@code predicted}); a prediction with neither is unlabelled and does not count towards accuracy.
 *
 * @param timestamp  when the prediction was made; the store's clock when null
 * @param confidence 0–1, or null
 * @param features   the model inputs, a JSON object, or null
 */
public record NewPrediction(Instant timestamp, String predicted, Double confidence, String actual, Boolean correct,
        Map<String, Object> features) {

    /** {@code correct} as stored: given, else derived from {@code actual}, else null. */
    Boolean labelledCorrect() {
        if (correct != null) {
            return correct;
        }
        return actual == null ? null : actual.equals(predicted);
    }
}
