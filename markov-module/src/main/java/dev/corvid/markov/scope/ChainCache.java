package dev.corvid.markov.scope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.corvid.markov.MarkovConfig;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.chain.Chain;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The chains in memory and their lifecycle: a Caffeine cache weighed by each chain's heap estimate, loading a chain
 * (its snapshot, then the changes after it), applying committed changes, and writing snapshots when enough changes
 * are unsaved, when a chain is evicted, and at shutdown. Every method that touches a chain runs in the scope's lane
 * ({@link Lanes}), so loads, changes and snapshots of one scope never interleave.
 */
final class ChainCache {

    private static final Logger LOG = Logger.getLogger(ChainCache.class);
    private static final Duration STORE_WAIT = Duration.ofSeconds(120);
    private static final int LOAD_PAGE = 20_000;

    /** A cached chain and how many changes it holds beyond its last stored snapshot. */
    static final class Loaded {
        final Chain chain;
        final AtomicLong unsnapshotted = new AtomicLong();
        volatile int weightKb;

        Loaded(Chain chain) {
            this.chain = chain;
            this.weightKb = kb(chain.memoryBytes());
        }

        static int kb(long bytes) {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / 1024));
        }
    }

    private final MarkovStore store;
    private final MarkovConfig config;
    private final Lanes lanes;
    private final MarkovMeters meters;
    private final Cache<String, Loaded> chains;

    ChainCache(MarkovStore store, MarkovConfig config, Lanes lanes, MarkovMeters meters) {
        this.store = store;
        this.config = config;
        this.lanes = lanes;
        this.meters = meters;
        this.chains = Caffeine.newBuilder()
                .maximumWeight(config.cache().maxMemoryMb() * 1024L)
                .weigher((String scope, Loaded loaded) -> loaded.weightKb)
                .removalListener(this::removed)
                .recordStats()
                .build();
        meters.watch(chains, c -> c.asMap().values().stream().mapToLong(l -> l.weightKb * 1024L).sum(), lanes);
    }

    /** The cached chain, or null: safe outside the lane (generation reads under the chain's own lock). */
    Loaded cached(String scope) {
        return chains.getIfPresent(scope);
    }

    /** Drops a chain (its state size changed; it is rebuilt on next use). Runs in the scope's lane. */
    void invalidate(String scope) {
        chains.invalidate(scope);
    }

    /** Drops a deleted scope's chain without a snapshot; the chain that was cached, or null. */
    Loaded remove(String scope) {
        return chains.asMap().remove(scope);
    }

    /** The scope's chain, loading it when absent. Runs in the scope's lane. */
    Loaded load(String scope, Scope row) {
        Loaded cached = chains.getIfPresent(scope);
        if (cached != null && cached.chain.order() == row.stateSize()) {
            return cached;
        }
        long start = System.nanoTime();
        Snapshot snapshot = await(store.snapshot(scope));
        long fetched = System.nanoTime();
        Chain chain = null;
        if (snapshot != null && snapshot.stateSize() == row.stateSize()) {
            try {
                chain = Chain.fromSnapshot(snapshot.data());
            } catch (RuntimeException e) {
                LOG.warnf("The snapshot of scope %s is unreadable (%s); rebuilding it from the messages.", scope,
                        e.getMessage());
                snapshot = null;
            }
        }
        if (chain == null) {
            chain = new Chain(row.stateSize());
        }
        long decoded = System.nanoTime();
        long changes = replay(scope, chain);
        Loaded loaded = new Loaded(chain);
        loaded.unsnapshotted.set(changes);
        chains.put(scope, loaded);
        LOG.debugf("Loaded scope %s: snapshot of %d bytes fetched in %d ms, decoded in %d ms; %d changes replayed in"
                + " %d ms", scope, snapshot == null ? 0 : snapshot.data().length, (fetched - start) / 1_000_000,
                (decoded - fetched) / 1_000_000, changes, (System.nanoTime() - decoded) / 1_000_000);
        meters.loaded(snapshot != null, start);
        if (snapshotDue(loaded, changes)) {
            scheduleSnapshot(scope, loaded);
        }
        return loaded;
    }

    /** Applies every stored change after the chain's watermark: forgets first, then added messages in order. */
    private long replay(String scope, Chain chain) {
        long changes = 0;
        long after = chain.watermark();
        List<Change> forgets = await(store.forgetsAfter(scope, after));
        if (!forgets.isEmpty()) {
            List<Chain.Change> batch = new ArrayList<>(forgets.size());
            forgets.forEach(f -> batch.add(Chain.Change.forget(f.addedSeq(), f.content())));
            chain.apply(batch, forgets.get(forgets.size() - 1).seq());
            changes += forgets.size();
        }
        while (true) {
            List<StoredMessage> page = await(store.messagesAfter(scope, after, LOAD_PAGE));
            if (page.isEmpty()) {
                return changes;
            }
            List<Chain.Change> batch = new ArrayList<>(page.size());
            page.forEach(m -> batch.add(Chain.Change.add(m.seq(), m.content())));
            after = page.get(page.size() - 1).seq();
            chain.apply(batch, after);
            changes += page.size();
        }
    }

    /**
     * Brings a cached chain up to the store after another instance (or anything else) changed the scope: drops it
     * when the scope is gone or its state size changed, else replays the changes after its watermark. Runs in the
     * scope's lane; does nothing when the chain is not cached or already holds change {@code seq}.
     */
    void catchUp(String scope, long seq) {
        Loaded cached = chains.getIfPresent(scope);
        if (cached == null || (seq > 0 && cached.chain.watermark() >= seq)) {
            return;
        }
        Scope row = await(store.scope(scope));
        if (row == null || row.stateSize() != cached.chain.order()) {
            chains.asMap().remove(scope, cached);
            return;
        }
        long changes = replay(scope, cached.chain);
        if (changes > 0) {
            long unsaved = cached.unsnapshotted.addAndGet(changes);
            cached.weightKb = Loaded.kb(cached.chain.memoryBytes());
            chains.asMap().replace(scope, cached, cached);
            if (snapshotDue(cached, unsaved)) {
                scheduleSnapshot(scope, cached);
            }
        }
    }

    /** Chains with fewer messages are re-weighed after every change. */
    static final int SMALL_CHAIN = 5000;

    /** The scopes whose chains are in memory. */
    java.util.Set<String> scopes() {
        return java.util.Set.copyOf(chains.asMap().keySet());
    }

    /** Applies committed changes to the loaded chain. Runs in the scope's lane. */
    void apply(String scope, Loaded loaded, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Chain.Change> chainChanges = new ArrayList<>(changes.size());
        long watermark = 0;
        for (Change change : changes) {
            chainChanges.add(change.add() ? Chain.Change.add(change.seq(), change.content())
                    : Chain.Change.forget(change.addedSeq(), change.content()));
            watermark = Math.max(watermark, change.seq());
        }
        loaded.chain.apply(chainChanges, watermark);
        long unsaved = loaded.unsnapshotted.addAndGet(changes.size());
        // Re-weigh after every change while the chain is small (weighing walks its states, so a few microseconds
        // there) and every 1,000 changes once it is large: a chain starts tiny and grows, and a stale weight would let
        // the cache hold more than its cap.
        if (changes.size() >= 1000 || unsaved % 1000 == 0 || loaded.chain.messageCount() < SMALL_CHAIN) {
            loaded.weightKb = Loaded.kb(loaded.chain.memoryBytes());
            chains.asMap().replace(scope, loaded, loaded);
        }
        if (snapshotDue(loaded, unsaved)) {
            scheduleSnapshot(scope, loaded);
        }
    }

    /**
     * A snapshot is due after {@code snapshot-every} changes, or half the chain's messages when that is more: the
     * snapshots of a growing chain then cost O(n) in all, and a cold load replays at most that many changes.
     */
    private boolean snapshotDue(Loaded loaded, long unsaved) {
        return unsaved >= Math.max(config.training().snapshotEvery(), loaded.chain.messageCount() / 2);
    }

    /** Writes the chain's snapshot. Runs in the scope's lane. */
    private void saveSnapshot(String scope, Loaded loaded) {
        long start = System.nanoTime();
        long unsaved = loaded.unsnapshotted.get();
        await(store.saveSnapshot(new Snapshot(scope, loaded.chain.order(), loaded.chain.watermark(),
                loaded.chain.snapshot())));
        loaded.unsnapshotted.addAndGet(-unsaved);
        meters.snapshotWritten(start);
    }

    /**
     * Writes the chain's snapshot in a lane task of its own, after the task that made it due, so the request that
     * made it due is answered first. Skipped when the queue is full; the next change makes it due again.
     */
    private void scheduleSnapshot(String scope, Loaded loaded) {
        try {
            lanes.submit(scope, () -> {
                if (chains.getIfPresent(scope) == loaded && snapshotDue(loaded, loaded.unsnapshotted.get())) {
                    saveSnapshot(scope, loaded);
                }
                return null;
            }).exceptionally(failure -> {
                LOG.warnf("The snapshot of scope %s was not written (%s); the next load replays its changes.", scope,
                        failure.getMessage());
                return null;
            });
        } catch (MarkovException.Busy busy) {
            LOG.debugf("No snapshot for scope %s now: the queue is full.", scope);
        }
    }

    /** Writes the snapshot of a chain evicted with unsaved changes, so its next load is fast. */
    private void removed(String scope, Loaded loaded, RemovalCause cause) {
        if (scope == null || loaded == null || !cause.wasEvicted() || loaded.unsnapshotted.get() == 0) {
            return;
        }
        try {
            lanes.submit(scope, () -> {
                saveSnapshot(scope, loaded);
                return null;
            });
        } catch (MarkovException.Busy busy) {
            LOG.debugf("No snapshot for evicted scope %s: the queue is full; the next load replays its changes.",
                    scope);
        }
    }

    /** Drops every chain from memory, each in its lane; the snapshots of unsaved ones are written first. */
    Uni<Void> evictAll() {
        List<Uni<Object>> saves = new ArrayList<>();
        for (String scope : Map.copyOf(chains.asMap()).keySet()) {
            saves.add(Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(lanes.submit(scope, () -> {
                Loaded loaded = chains.asMap().remove(scope);
                if (loaded != null && loaded.unsnapshotted.get() > 0) {
                    saveSnapshot(scope, loaded);
                }
                return null;
            }))));
        }
        return saves.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(saves).andFailFast().replaceWithVoid();
    }

    /** Waits for a store call from a lane task. */
    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(STORE_WAIT);
    }
}
