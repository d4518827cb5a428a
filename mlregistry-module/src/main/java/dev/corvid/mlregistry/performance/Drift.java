package dev.corvid.mlregistry.performance;

/**
 * A drift check: recent confidence against the version's baseline. Drifting when
 * {@code |recentMean − baselineMean| > k · baselineStddev / √n}.
 *
 * @param score    {@code |recentMean − baselineMean| / (baselineStddev / √n)}; null when the baseline's σ is 0
 * @param drifting whether the recent mean is outside the band
 */
public record Drift(String model, int version, double baselineMean, double baselineStddev, long baselineCount,
        Double recentMean, long n, double k, Double score, boolean drifting) {

    /** The check for these numbers; with no recent confidences nothing drifts. */
    static Drift of(String model, int version, double mean, double stddev, long count, ConfidenceStats recent,
            double k) {
        if (recent.count() == 0) {
            return new Drift(model, version, mean, stddev, count, null, 0, k, null, false);
        }
        double delta = Math.abs(recent.mean() - mean);
        if (stddev == 0) {
            return new Drift(model, version, mean, stddev, count, recent.mean(), recent.count(), k, null,
                    delta > 1e-12);
        }
        double score = delta / (stddev / Math.sqrt(recent.count()));
        return new Drift(model, version, mean, stddev, count, recent.mean(), recent.count(), k, score, score > k);
    }
}
