package dev.corvid.mlregistry.performance;

/** Mean, sample standard deviation and count of a set of confidences; mean is NaN when count is 0. */
record ConfidenceStats(double mean, double stddev, long count) {
}
