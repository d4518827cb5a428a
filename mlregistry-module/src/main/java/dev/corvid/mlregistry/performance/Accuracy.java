package dev.corvid.mlregistry.performance;

import java.time.Instant;

/**
 * Accuracy over a set of labelled predictions.
 *
 * @param accuracy correct / labelled, or null when nothing is labelled
 * @param from     the oldest prediction counted, or null
 * @param to       the newest prediction counted, or null
 */
public record Accuracy(String model, int version, long labelled, long correct, Double accuracy, Instant from,
        Instant to) {
}
