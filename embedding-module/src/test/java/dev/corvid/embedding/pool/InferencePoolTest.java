package dev.corvid.embedding.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.embedding.EmbeddingException;
import dev.corvid.embedding.model.Pooling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Batching, back-pressure, failure isolation, timeouts and cancellation, with a fake engine that records batches. */
class InferencePoolTest {

    /** Returns each text's length as its "vector"; the first batch waits for {@code release}. */
    private static final class FakeEngine implements InferencePool.Engine {
        final List<long[][]> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Boolean> released = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        volatile long poison = -1;

        @Override
        public float[][] embed(long[][] ids, Pooling[] pooling, boolean[] normalize, boolean releaseMemory) {
            batches.add(ids);
            released.add(releaseMemory);
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                if (ids[i][0] == poison) {
                    throw new IllegalStateException("poisoned batch");
                }
                out[i] = new float[] {ids[i].length};
            }
            finished.incrementAndGet();
            return out;
        }
    }

    private static PoolController oneWorker(int tokens) {
        return new PoolController(new PoolController.Settings(1, 1, 1, tokens, 64, 0.69, 0.5, 0.8, 0.7, 0.9, 3));
    }

    private static InferencePool pool(FakeEngine engine, int tokens, int capacity) {
        return new InferencePool(engine, oneWorker(tokens), () -> new ResourceSampler.Reading(0.1, 0.1),
                (n, padded, real, nanos, waits) -> { }, 16, capacity, 1, Duration.ZERO);
    }

    private static List<long[]> texts(int... lengths) {
        List<long[]> out = new ArrayList<>();
        for (int length : lengths) {
            long[] ids = new long[length];
            ids[0] = length;
            out.add(ids);
        }
        return out;
    }

    @Test
    void batchesGroupSimilarLengthsWithinTheTokenBudget() throws Exception {
        FakeEngine engine = new FakeEngine();
        try (InferencePool pool = pool(engine, 400, 1000)) {
            CompletableFuture<float[][]> first = pool.submit(texts(10), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.started.await(10, TimeUnit.SECONDS);
            // While the worker is busy: short and long texts interleaved.
            CompletableFuture<float[][]> mixed = pool.submit(texts(20, 200, 22, 190, 21, 21, 200, 18), Pooling.CLS,
                    true, Duration.ofSeconds(10));
            engine.release.countDown();
            float[][] vectors = mixed.get(10, TimeUnit.SECONDS);
            first.get(10, TimeUnit.SECONDS);
            assertThat(java.util.Arrays.stream(vectors).map(v -> (int) v[0]).toList())
                    .containsExactly(20, 200, 22, 190, 21, 21, 200, 18);
            for (long[][] batch : engine.batches.subList(1, engine.batches.size())) {
                int longest = 0;
                int shortest = Integer.MAX_VALUE;
                for (long[] ids : batch) {
                    longest = Math.max(longest, ids.length);
                    shortest = Math.min(shortest, ids.length);
                }
                assertThat(longest * batch.length).as("padded tokens").isLessThanOrEqualTo(400);
                assertThat(longest - shortest).as("similar lengths").isLessThanOrEqualTo(Math.max(8, longest / 4));
            }
            assertThat(java.util.Arrays.stream(engine.batches.get(1)).map(ids -> ids.length).toList())
                    .containsExactly(20, 21, 21, 18, 22);
        }
    }

    /** Closing waits for the batch being run: the engine's native session must outlive it. */
    @Test
    void closeWaitsForTheRunningBatchBeforeItReturns() throws Exception {
        FakeEngine engine = new FakeEngine();
        InferencePool pool = pool(engine, 400, 1000);
        CompletableFuture<float[][]> running = pool.submit(texts(10), Pooling.CLS, true, Duration.ofSeconds(10));
        engine.started.await(10, TimeUnit.SECONDS);
        boolean[] stopped = new boolean[1];
        int[] batchesWhenClosed = new int[1];
        Thread closer = Thread.ofPlatform().start(() -> {
            stopped[0] = pool.close(Duration.ofSeconds(30));
            batchesWhenClosed[0] = engine.finished.get();
        });
        // The closer blocks in join while the engine is held; a close that did not wait would have ended.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closer.isAlive() && closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(closer.isAlive()).as("close() still waiting for the running batch").isTrue();
        engine.release.countDown();
        closer.join();
        assertThat(stopped[0]).isTrue();
        assertThat(batchesWhenClosed[0]).isEqualTo(1);
        assertThat(running.get(10, TimeUnit.SECONDS).length).isEqualTo(1);
    }

    /** The oldest text goes first; the rest of its batch are the nearest lengths, not the next ones in line. */
    @Test
    void theOldestTextsBatchTakesTheNearestLengthsFirst() throws Exception {
        FakeEngine engine = new FakeEngine();
        try (InferencePool pool = pool(engine, 90, 1000)) {
            CompletableFuture<float[][]> first = pool.submit(texts(10), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.started.await(10, TimeUnit.SECONDS);
            // Budget 90 padded tokens: three texts of up to 30. In queue order 20, 28, 27 would pad to 28 × 3 = 84;
            // the nearest lengths, 20, 20, 21, pad to 63.
            CompletableFuture<float[][]> waiting = pool.submit(texts(20, 28, 27, 21, 20, 26), Pooling.CLS, true,
                    Duration.ofSeconds(10));
            engine.release.countDown();
            assertThat(java.util.Arrays.stream(waiting.get(10, TimeUnit.SECONDS)).map(v -> (int) v[0]).toList())
                    .containsExactly(20, 28, 27, 21, 20, 26);
            first.get(10, TimeUnit.SECONDS);
            assertThat(engine.batches.subList(1, engine.batches.size()).stream()
                    .map(b -> java.util.Arrays.stream(b).map(ids -> ids.length).toList()).toList())
                    .containsExactly(List.of(20, 20, 21), List.of(28, 27, 26));
        }
    }

    @Test
    void emergencyModeAsksTheEngineToReleaseMemory() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.release.countDown();
        double[] memory = {0.1};
        try (InferencePool pool = new InferencePool(engine, oneWorker(400),
                () -> new ResourceSampler.Reading(0.1, memory[0]), (n, padded, real, nanos, waits) -> { }, 16, 100, 1,
                Duration.ZERO)) {
            pool.submit(texts(10), Pooling.CLS, true, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            memory[0] = 0.95;
            pool.tick();
            assertThat(pool.status().state()).isEqualTo(PoolState.EMERGENCY);
            pool.submit(texts(10), Pooling.CLS, true, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            assertThat(engine.released).containsExactly(false, true);
        }
    }

    @Test
    void aFullQueueRefusesInsteadOfGrowing() throws Exception {
        FakeEngine engine = new FakeEngine();
        try (InferencePool pool = pool(engine, 1000, 5)) {
            pool.submit(texts(4), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.started.await(10, TimeUnit.SECONDS);
            pool.submit(texts(4, 4, 4, 4), Pooling.CLS, true, Duration.ofSeconds(10));
            assertThatThrownBy(() -> pool.submit(texts(4, 4), Pooling.CLS, true, Duration.ofSeconds(10)))
                    .isInstanceOf(EmbeddingException.Busy.class)
                    .satisfies(e -> assertThat(((EmbeddingException) e).extensions()).containsKey("retryAfterSeconds"));
            assertThat(pool.status().queued()).isEqualTo(4);
            engine.release.countDown();
        }
    }

    @Test
    void aFailingBatchFailsOnlyItsOwnRequests() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.poison = 77;
        try (InferencePool pool = pool(engine, 100, 1000)) {
            CompletableFuture<float[][]> blocker = pool.submit(texts(4), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.started.await(10, TimeUnit.SECONDS);
            CompletableFuture<float[][]> bad = pool.submit(texts(77), Pooling.CLS, true, Duration.ofSeconds(10));
            CompletableFuture<float[][]> good = pool.submit(texts(5, 6), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.release.countDown();
            assertThat(good.get(10, TimeUnit.SECONDS)).hasNumberOfRows(2);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("poisoned batch");
            blocker.get(10, TimeUnit.SECONDS);
            assertThat(pool.submit(texts(3), Pooling.CLS, true, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS))
                    .as("the worker survived").hasNumberOfRows(1);
        }
    }

    @Test
    void expiredAndCancelledRequestsAreNeverRun() throws Exception {
        FakeEngine engine = new FakeEngine();
        try (InferencePool pool = pool(engine, 1000, 1000)) {
            CompletableFuture<float[][]> blocker = pool.submit(texts(4), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.started.await(10, TimeUnit.SECONDS);
            CompletableFuture<float[][]> expired = pool.submit(texts(31), Pooling.CLS, true, Duration.ZERO);
            CompletableFuture<float[][]> cancelled = pool.submit(texts(32), Pooling.CLS, true, Duration.ofSeconds(10));
            cancelled.cancel(true);
            CompletableFuture<float[][]> kept = pool.submit(texts(33), Pooling.CLS, true, Duration.ofSeconds(10));
            engine.release.countDown();
            kept.get(10, TimeUnit.SECONDS);
            blocker.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> expired.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    EmbeddingException.TimedOut.class);
            assertThat(engine.batches.stream().flatMap(java.util.Arrays::stream).map(ids -> ids.length).toList())
                    .doesNotContain(31, 32).contains(33);
        }
    }
}
