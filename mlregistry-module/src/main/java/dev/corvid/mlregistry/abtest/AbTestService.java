package dev.corvid.mlregistry.abtest;

import dev.corvid.mlregistry.MlRegistryConfig;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.MlRegistryMetrics;
import dev.corvid.mlregistry.performance.PerformanceService;
import dev.corvid.platform.api.hash.StableHash;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A/B tests: stable assignment (the same key always gets the same arm, on every instance), per-arm accuracy over the
 * labelled predictions made while the test ran, a two-proportion significance test, and stopping with a winner.
 */
@ApplicationScoped
public class AbTestService {

    /** Significance level for declaring a winner automatically. */
    static final double ALPHA = 0.05;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,255}");

    private final AbTestStore store;
    private final PerformanceService performance;
    private final Clock clock;
    private final MeterRegistry meters;
    /**
     * Assignment counters of running tests by test and arm; assignment is a hot path, so each is registered once.
     * A test's counters are removed when it stops, and past {@code corvid.mlregistry.metrics.max-series} tests new
     * ones count under {@link #OTHER}, so the series follow the running tests.
     */
    private final java.util.Map<String, Counter> assignments = new java.util.concurrent.ConcurrentHashMap<>();
    static final String OTHER = "_other";
    private final int maxTests;

    AbTestService(AbTestStore store, PerformanceService performance, Clock clock, MeterRegistry meters,
            MlRegistryConfig config) {
        this.store = store;
        this.performance = performance;
        this.clock = clock;
        this.meters = meters;
        this.maxTests = config.metrics().maxSeries();
    }

    /** Which arm a key gets. */
    public record Assignment(String test, String key, String arm, int version) {
    }

    /** Per-arm accuracy and the significance of their difference. */
    public record Results(AbTest test, Arm a, Arm b, double z, double pValue, boolean significant, Integer leader) {
    }

    /** One arm's labelled predictions. */
    public record Arm(int version, long labelled, long correct, Double accuracy) {
    }

    public Uni<AbTest> create(String name, String model, int versionA, int versionB, double trafficToB) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MlRegistryException.InvalidParameter("Invalid A/B test name '" + name
                    + "': letters, digits, '.', '_' and '-', at most 256.");
        }
        if (versionA == versionB) {
            throw new MlRegistryException.InvalidParameter("An A/B test needs two different versions.");
        }
        if (!(trafficToB >= 0 && trafficToB <= 1)) {
            throw new MlRegistryException.InvalidParameter("trafficToB must be between 0 and 1, got " + trafficToB
                    + ".");
        }
        return store.create(name, model, versionA, versionB, trafficToB, clock.instant());
    }

    public Uni<AbTest> get(String name) {
        return store.get(name).map(test -> {
            if (test == null) {
                throw new MlRegistryException.NotFound("A/B test '" + name + "' not found.");
            }
            return test;
        });
    }

    /** The arm for a key: by a stable hash of test name and key while running, the winner once stopped. */
    public Uni<Assignment> assign(String name, String key) {
        if (key == null || key.isEmpty() || key.length() > 512) {
            throw new MlRegistryException.InvalidParameter("An assignment needs a key of 1 to 512 characters.");
        }
        return get(name).map(test -> {
            if (test.status() == AbTest.Status.STOPPED) {
                // Stopped (perhaps on another instance): everyone gets the winner, and the test's series go.
                removeSeries(name);
                return new Assignment(name, key, test.winner() == test.versionA() ? "A" : "B", test.winner());
            }
            Assignment assignment = StableHash.unit(name, key) < test.trafficToB()
                    ? new Assignment(name, key, "B", test.versionB())
                    : new Assignment(name, key, "A", test.versionA());
            counter(name, assignment.arm()).increment();
            return assignment;
        });
    }

    private Counter counter(String test, String arm) {
        String tag = assignments.containsKey(test + '\0' + arm) || testsCounted() < maxTests ? test : OTHER;
        return assignments.computeIfAbsent(tag + '\0' + arm, ignored -> Counter
                .builder(MlRegistryMetrics.AB_ASSIGNMENTS).description("A/B test assignments")
                .tag(MlRegistryMetrics.TAG_TEST, tag).tag(MlRegistryMetrics.TAG_ARM, arm).register(meters));
    }

    private long testsCounted() {
        return assignments.keySet().stream().map(k -> k.substring(0, k.indexOf('\0'))).distinct().count();
    }

    private void removeSeries(String test) {
        for (String arm : List.of("A", "B")) {
            Counter counter = assignments.remove(test + '\0' + arm);
            if (counter != null) {
                meters.remove(counter);
            }
        }
    }

    public Uni<Results> results(String name) {
        return get(name).flatMap(this::results);
    }

    private Uni<Results> results(AbTest test) {
        Instant until = test.stoppedAt() == null ? clock.instant().plusMillis(1) : test.stoppedAt();
        return performance.labelledCounts(test.modelId(), List.of(test.versionA(), test.versionB()),
                test.createdAt(), until).map(counts -> {
                    long[] a = counts.getOrDefault(test.versionA(), new long[2]);
                    long[] b = counts.getOrDefault(test.versionB(), new long[2]);
                    TwoProportionTest.Result r = TwoProportionTest.test(a[1], a[0], b[1], b[0]);
                    boolean significant = r.pValue() < ALPHA;
                    Integer leader = a[0] == 0 || b[0] == 0 || r.rateA() == r.rateB() ? null
                            : r.rateA() > r.rateB() ? test.versionA() : test.versionB();
                    return new Results(test, arm(test.versionA(), a), arm(test.versionB(), b), r.z(), r.pValue(),
                            significant, leader);
                });
    }

    private static Arm arm(int version, long[] counts) {
        return new Arm(version, counts[0], counts[1], counts[0] == 0 ? null : (double) counts[1] / counts[0]);
    }

    /**
     * Stops a running test. Without an explicit winner, the leader wins if the difference is significant at
     * {@value #ALPHA}; otherwise the request is refused and the caller must name one.
     */
    public Uni<Results> stop(String name, Integer winner) {
        return get(name).flatMap(test -> {
            if (test.status() == AbTest.Status.STOPPED) {
                throw new MlRegistryException.InvalidState("A/B test '" + name + "' is already stopped (winner "
                        + test.winner() + ").");
            }
            if (winner != null && winner != test.versionA() && winner != test.versionB()) {
                throw new MlRegistryException.InvalidParameter("The winner must be version " + test.versionA()
                        + " or " + test.versionB() + ", got " + winner + ".");
            }
            return results(test).flatMap(results -> {
                Integer chosen = winner;
                if (chosen == null) {
                    if (!results.significant() || results.leader() == null) {
                        throw new MlRegistryException.InvalidState("No significant difference yet (p = "
                                + String.format(java.util.Locale.ROOT, "%.3f", results.pValue())
                                + "); name the winner to stop anyway.");
                    }
                    chosen = results.leader();
                }
                return store.stop(name, chosen, clock.instant()).flatMap(stopped -> {
                    if (stopped == null) {
                        throw new MlRegistryException.InvalidState("A/B test '" + name + "' was stopped meanwhile.");
                    }
                    removeSeries(name);
                    return results(stopped);
                });
            });
        });
    }
}
