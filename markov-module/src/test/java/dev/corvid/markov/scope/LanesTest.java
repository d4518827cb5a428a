package dev.corvid.markov.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.markov.MarkovException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LanesTest {

    @Test
    void aScopesTasksRunOneAtATimeInOrder() throws Exception {
        try (Lanes lanes = new Lanes(4, 1000)) {
            List<Integer> seen = new ArrayList<>();
            List<CompletableFuture<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                done.add(lanes.submit("scope", () -> {
                    synchronized (seen) {
                        seen.add(n);
                    }
                    return n;
                }));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(seen).hasSize(500).isSorted();
        }
    }

    @Test
    void otherScopesProceedWhileOneIsBusy() throws Exception {
        try (Lanes lanes = new Lanes(2, 100)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocked = lanes.submit("busy", () -> {
                release.await();
                return null;
            });
            assertThat(lanes.submit("other", () -> "ran").get(10, TimeUnit.SECONDS)).isEqualTo("ran");
            assertThat(blocked).isNotDone();
            release.countDown();
            blocked.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullQueueRefusesWithRetryAfterAndRecovers() throws Exception {
        try (Lanes lanes = new Lanes(1, 3)) {
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Object>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(lanes.submit("s" + i, () -> {
                    release.await();
                    return null;
                }));
            }
            assertThat(lanes.pending()).isEqualTo(3);
            assertThatThrownBy(() -> lanes.submit("s9", () -> null)).isInstanceOf(MarkovException.Busy.class)
                    .satisfies(e -> assertThat(((MarkovException) e).extensions()).containsKey("retryAfterSeconds"));
            release.countDown();
            CompletableFuture.allOf(admitted.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(lanes.submit("s9", () -> "ok").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        }
    }

    /** Regression: the importer slept a second after each refusal; it now waits for the signal that room exists. */
    @Test
    void roomIsSignalledWhenATaskFinishes() throws Exception {
        try (Lanes lanes = new Lanes(1, 1)) {
            assertThat(lanes.room()).as("an empty queue has room").isDone();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocking = lanes.submit("s", () -> {
                release.await();
                return null;
            });
            CompletableFuture<Void> room = lanes.room();
            assertThat(room).as("full").isNotDone();
            assertThatThrownBy(() -> lanes.submit("t", () -> null)).isInstanceOf(MarkovException.Busy.class);
            release.countDown();
            room.get(10, TimeUnit.SECONDS);
            blocking.get(10, TimeUnit.SECONDS);
            assertThat(lanes.submit("t", () -> "ok").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        }
    }

    @Test
    void aFailingTaskFailsOnlyItsOwnFuture() throws Exception {
        try (Lanes lanes = new Lanes(1, 10)) {
            CompletableFuture<Object> failing = lanes.submit("s", () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<String> next = lanes.submit("s", () -> "after");
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("after");
            assertThat(failing).isCompletedExceptionally();
            assertThat(lanes.pending()).isZero();
        }
    }
}
