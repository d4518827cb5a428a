package dev.corvid.mlregistry.performance;

import java.time.Instant;
import java.util.Map;

/** A stored prediction. */
public record Prediction(long id, String model, int version, Instant timestamp, String predicted, Double confidence,
        String actual, Boolean correct, Map<String, Object> features) {
}
