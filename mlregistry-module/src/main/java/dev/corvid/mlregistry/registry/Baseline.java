package dev.corvid.mlregistry.registry;

/** The confidence distribution a version is expected to keep: mean, standard deviation and sample size. */
public record Baseline(String model, int version, double mean, double stddev, long count, long updatedAt) {
}
