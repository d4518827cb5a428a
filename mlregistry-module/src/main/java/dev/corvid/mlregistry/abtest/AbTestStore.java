package dev.corvid.mlregistry.abtest;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** A/B test definitions. Reads of absent tests answer null; a taken name fails with {@code AlreadyExists}. */
interface AbTestStore {

    /** Creates a running test; fails with {@code NotFound} when the model or a version does not exist. */
    Uni<AbTest> create(String name, String model, int versionA, int versionB, double trafficToB, Instant now);

    Uni<AbTest> get(String name);

    /** Stops a running test with a winner; null when there is no running test of that name. */
    Uni<AbTest> stop(String name, int winner, Instant now);
}
