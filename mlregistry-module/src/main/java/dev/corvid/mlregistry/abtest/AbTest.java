package dev.corvid.mlregistry.abtest;

import java.time.Instant;

/**
 * An A/B test between two versions of one model.
 *
 * @param trafficToB share of keys (0–1) assigned to version B while running
 * @param winner     the version all keys get once stopped; null while running
 */
public record AbTest(String name, String model, long modelId, int versionA, int versionB, double trafficToB,
        Status status, Integer winner, Instant createdAt, Instant stoppedAt) {

    public enum Status { RUNNING, STOPPED }
}
