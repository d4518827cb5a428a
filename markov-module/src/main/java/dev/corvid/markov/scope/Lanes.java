package dev.corvid.markov.scope;

import dev.corvid.markov.MarkovException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded worker pool with one serial lane per scope: a scope's tasks (training, forgetting, loading, snapshots)
 * run one at a time in submission order, different scopes in parallel. Admission is bounded: beyond
 * {@code queueDepth} waiting tasks a submit is refused with {@link MarkovException.Busy}, so a flood of training
 * never grows memory without bound. A lane runs one task per turn, so a busy scope cannot starve the others.
 */
final class Lanes implements AutoCloseable {

    private final ExecutorService workers;
    private final int queueDepth;
    private final AtomicInteger pending = new AtomicInteger();
    /** Completed (and replaced) whenever a task finishes: what a refused submitter waits on instead of sleeping. */
    private final AtomicReference<CompletableFuture<Void>> finished = new AtomicReference<>(new CompletableFuture<>());
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    Lanes(int threads, int queueDepth) {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "markov-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.queueDepth = queueDepth;
    }

    /** Runs {@code task} in {@code scope}'s lane; throws {@link MarkovException.Busy} when the queue is full. */
    <T> CompletableFuture<T> submit(String scope, Callable<T> task) {
        if (pending.incrementAndGet() > queueDepth) {
            pending.decrementAndGet();
            throw new MarkovException.Busy("The markov training queue is full (" + queueDepth
                    + " tasks); retry shortly.", Duration.ofSeconds(1));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        lanes.computeIfAbsent(scope, s -> new Lane()).enqueue(() -> {
            T value = null;
            Throwable failure = null;
            try {
                value = task.call();
            } catch (Throwable e) {
                failure = e;
            } finally {
                pending.decrementAndGet();
                finished.getAndSet(new CompletableFuture<>()).complete(null);
            }
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /**
     * Completes when the next task finishes, or at once when the queue has room now: a submitter refused with
     * {@link MarkovException.Busy} waits on this, then submits again.
     */
    CompletableFuture<Void> room() {
        CompletableFuture<Void> next = finished.get();
        return pending.get() < queueDepth ? CompletableFuture.completedFuture(null) : next;
    }

    /** Tasks admitted and not yet finished. */
    int pending() {
        return pending.get();
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Lane {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean scheduled;

        synchronized void enqueue(Runnable task) {
            queue.add(task);
            if (!scheduled) {
                scheduled = true;
                workers.execute(this::runOne);
            }
        }

        private void runOne() {
            Runnable task;
            synchronized (this) {
                task = queue.poll();
            }
            try {
                task.run();
            } finally {
                synchronized (this) {
                    if (queue.isEmpty()) {
                        scheduled = false;
                    } else {
                        workers.execute(this::runOne);
                    }
                }
            }
        }
    }
}
