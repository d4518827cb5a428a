package dev.corvid.markov.scope;

import com.github.benmanes.caffeine.cache.Cache;
import dev.corvid.markov.MarkovMetrics;
import dev.corvid.markov.chain.Generated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** The markov module's meters, named in {@link MarkovMetrics}; every tag value is a constant. */
final class MarkovMeters {

    private final MeterRegistry registry;
    final Counter trained;
    final Counter forgotten;
    private final DistributionSummary tries;
    private final Timer generatedText;
    private final Timer generatedNone;
    private final Timer loadSnapshot;
    private final Timer loadMessages;
    private final Timer snapshotWrite;

    MarkovMeters(MeterRegistry registry) {
        this.registry = registry;
        this.trained = Counter.builder(MarkovMetrics.TRAINED).description("Messages stored and learned")
                .register(registry);
        this.forgotten = Counter.builder(MarkovMetrics.FORGOTTEN).description("Messages forgotten")
                .register(registry);
        this.tries = DistributionSummary.builder(MarkovMetrics.TRIES).description("Walks per generation")
                .publishPercentileHistogram().register(registry);
        this.generatedText = Timer.builder(MarkovMetrics.GENERATE).tag("outcome", "text")
                .description("Generation in process").register(registry);
        this.generatedNone = Timer.builder(MarkovMetrics.GENERATE).tag("outcome", "none")
                .description("Generation in process").register(registry);
        this.loadSnapshot = Timer.builder(MarkovMetrics.LOAD).tag("source", "snapshot")
                .description("Loading a chain into memory").register(registry);
        this.loadMessages = Timer.builder(MarkovMetrics.LOAD).tag("source", "messages")
                .description("Loading a chain into memory").register(registry);
        this.snapshotWrite = Timer.builder(MarkovMetrics.SNAPSHOT).description("Writing a chain snapshot")
                .register(registry);
    }

    /** Gauges and counters read from the cache and the training queue. */
    <V> void watch(Cache<String, V> chains, ToDoubleFunction<Cache<String, V>> bytes, Lanes lanes) {
        Gauge.builder(MarkovMetrics.CHAINS, chains, Cache::estimatedSize).description("Chains in memory")
                .register(registry);
        Gauge.builder(MarkovMetrics.CACHE_BYTES, chains, bytes)
                .description("Estimated heap of the chains in memory").baseUnit("bytes").register(registry);
        FunctionCounter.builder(MarkovMetrics.CACHE_REQUESTS, chains, c -> c.stats().hitCount())
                .tag("result", "hit").register(registry);
        FunctionCounter.builder(MarkovMetrics.CACHE_REQUESTS, chains, c -> c.stats().missCount())
                .tag("result", "miss").register(registry);
        FunctionCounter.builder(MarkovMetrics.CACHE_EVICTIONS, chains, c -> c.stats().evictionCount())
                .register(registry);
        Gauge.builder(MarkovMetrics.QUEUE, lanes, Lanes::pending).description("Training tasks waiting or running")
                .register(registry);
    }

    void generated(Generated generated, long startNanos) {
        (generated.text() != null ? generatedText : generatedNone).record(System.nanoTime() - startNanos,
                TimeUnit.NANOSECONDS);
        tries.record(generated.tries());
    }

    void loaded(boolean fromSnapshot, long startNanos) {
        (fromSnapshot ? loadSnapshot : loadMessages).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void snapshotWritten(long startNanos) {
        snapshotWrite.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
