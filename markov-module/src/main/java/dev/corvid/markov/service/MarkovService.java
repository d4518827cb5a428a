package dev.corvid.markov.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.corvid.markov.MarkovConfig;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.MarkovMetrics;
import dev.corvid.markov.chain.Chain;
import dev.corvid.markov.chain.GenerateOptions;
import dev.corvid.markov.chain.Generated;
import dev.corvid.markov.chain.SnapshotReader;
import dev.corvid.markov.chain.SnapshotWriter;
import dev.corvid.markov.chain.Tokenizer;
import dev.corvid.markov.store.Change;
import dev.corvid.markov.store.MarkovStore;
import dev.corvid.markov.store.NewMessage;
import dev.corvid.markov.store.Scope;
import dev.corvid.markov.store.Snapshot;
import dev.corvid.markov.store.StoredMessage;
import dev.corvid.platform.api.error.ServiceUnavailableException;
import dev.corvid.platform.api.text.StoredText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The markov module's operations. Every change to a scope runs in that scope's lane on the bounded training pool:
 * it is committed to PostgreSQL first and applied to the in-memory chain second, so an acknowledged message is
 * durable and the next generation sees it. Chains live in a Caffeine cache weighed by their heap estimate; a chain
 * not in memory loads (snapshot + later changes) in its lane, so loads and writes never interleave.
 * Generation runs on the worker pool under the chain's read lock, never on the event loop.
 *
 * <p>Every request that waits on its lane answers within {@code corvid.database.timeout}: when the database hangs,
 * the caller gets a 503 with {@code Retry-After} while the lane finishes (or fails) the work on its own; a write that
 * commits late is still applied to the chain, and its retry is a no-op (known ids are duplicates). Snapshots are
 * written in their own lane task after the request that made them due, never on the request's clock.
 */
@ApplicationScoped
public class MarkovService {

    private static final Logger LOG = Logger.getLogger(MarkovService.class);
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Duration STORE_WAIT = Duration.ofSeconds(120);
    private static final int LOAD_PAGE = 20_000;
    private static final int MAX_ID = 100;

    private final MarkovStore store;
    private final MarkovConfig config;
    private final Clock clock;
    private final Duration databaseTimeout;
    private final Lanes lanes;
    private final Cache<String, Loaded> chains;
    private final Counter trained;
    private final Counter forgotten;
    private final DistributionSummary tries;
    private final Timer generatedText;
    private final Timer generatedNone;
    private final Timer loadSnapshot;
    private final Timer loadMessages;
    private final Timer snapshotWrite;

    /** A cached chain and how many changes it holds beyond its last stored snapshot. */
    private static final class Loaded {
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

    MarkovService(MarkovStore store, MarkovConfig config, MeterRegistry registry, Clock clock,
            @ConfigProperty(name = "corvid.database.timeout", defaultValue = "5S") Duration databaseTimeout) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.databaseTimeout = databaseTimeout;
        this.lanes = new Lanes(config.training().threads(), config.training().queueDepth());
        this.chains = Caffeine.newBuilder()
                .maximumWeight(config.cache().maxMemoryMb() * 1024L)
                .weigher((String scope, Loaded loaded) -> loaded.weightKb)
                .removalListener(this::removed)
                .recordStats()
                .build();
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
        Gauge.builder(MarkovMetrics.CHAINS, chains, c -> c.estimatedSize()).description("Chains in memory")
                .register(registry);
        Gauge.builder(MarkovMetrics.CACHE_BYTES, chains,
                c -> c.asMap().values().stream().mapToLong(l -> l.weightKb * 1024L).sum())
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

    /** Writes the snapshots of chains with unsaved changes, so the next start loads them fast, then stops. */
    void stop(@Observes ShutdownEvent event) {
        try {
            evictAll().await().atMost(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            LOG.warnf("Not every chain snapshot was written at shutdown (%s); the next load replays the changes.",
                    e.getMessage());
        }
        lanes.close();
    }

    // ---- scopes ---------------------------------------------------------------------------------------------

    /** The scope's settings and chain size; null when there is no such scope. */
    public Uni<ScopeStats> stats(String scope, boolean digest) {
        checkScope(scope);
        return inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            if (row == null) {
                return null;
            }
            Chain chain = load(scope, row).chain;
            return new ScopeStats(row.scope(), row.stateSize(), row.createdAt(), chain.stats(),
                    digest ? chain.digest() : null);
        });
    }

    /** Creates a scope or changes its state size (the chain is then rebuilt from its messages on next use). */
    public Uni<Scope> putScope(String scope, int stateSize) {
        checkScope(scope);
        if (stateSize < 1 || stateSize > 6) {
            throw new MarkovException.InvalidInput("stateSize must be 1 to 6, was " + stateSize + ".");
        }
        return inLane(scope, () -> {
            Scope before = await(store.scope(scope));
            Scope after = await(store.putScope(scope, stateSize));
            if (before != null && before.stateSize() != stateSize) {
                chains.invalidate(scope);
            }
            return after;
        });
    }

    /** Deletes a scope with everything learned from it; false when there was none. */
    public Uni<Boolean> deleteScope(String scope) {
        checkScope(scope);
        return inLane(scope, () -> {
            boolean deleted = await(store.deleteScope(scope));
            Loaded gone = chains.asMap().remove(scope);
            if (gone != null) {
                forgotten.increment(gone.chain.stats().messages());
            }
            return deleted;
        });
    }

    // ---- training -------------------------------------------------------------------------------------------

    /** Result of a training request: messages learned now, and ids that were already stored (left unchanged). */
    public record Trained(int accepted, int duplicates) {
    }

    /**
     * Stores and learns messages (creating the scope with the default state size when new). Every message is
     * checked before anything is stored; a bad one fails the whole request and names its index.
     */
    public Uni<Trained> train(String scope, List<NewMessage> messages) {
        checkScope(scope);
        // Checking up to 10,000 messages is work: a worker thread does it, never the event loop.
        return Uni.createFrom().item(() -> validate(messages)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(clean -> inLane(scope, () -> trainInLane(scope, clean)));
    }

    private Trained trainInLane(String scope, List<NewMessage> messages) {
        Scope row = await(store.ensureScope(scope, config.defaultStateSize()));
        Loaded loaded = load(scope, row);
        List<Change> added = await(store.insert(scope, messages));
        apply(scope, loaded, added);
        trained.increment(added.size());
        return new Trained(added.size(), messages.size() - added.size());
    }

    /** Replaces a stored message's text; null when the scope or message does not exist. */
    public Uni<Boolean> edit(String scope, String id, String content) {
        checkScope(scope);
        NewMessage clean = validate(List.of(new NewMessage(id, null, null, content, clock.instant()))).get(0);
        return inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            if (row == null) {
                return null;
            }
            Loaded loaded = load(scope, row);
            List<Change> changes = await(store.replace(scope, clean.id(), clean.content()));
            if (changes.isEmpty()) {
                return null;
            }
            apply(scope, loaded, changes);
            forgotten.increment();
            trained.increment();
            return true;
        });
    }

    /** Forgets the messages {@code selector = value}; the count, or null when the scope does not exist. */
    public Uni<Integer> forget(String scope, MarkovStore.Selector selector, String value) {
        checkScope(scope);
        return inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            if (row == null) {
                return null;
            }
            Loaded loaded = load(scope, row);
            List<Change> changes = await(store.forget(scope, selector, value));
            apply(scope, loaded, changes);
            forgotten.increment(changes.size());
            return changes.size();
        });
    }

    private void apply(String scope, Loaded loaded, List<Change> changes) {
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
        if (changes.size() >= 1000 || unsaved % 1000 == 0) {
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

    // ---- generation -----------------------------------------------------------------------------------------

    /** Generates one message in a scope; null when the scope does not exist. */
    public Uni<Generation> generate(String scope, GenerateOptions options) {
        checkScope(scope);
        validate(options);
        Loaded cached = chains.getIfPresent(scope);
        Uni<Loaded> loaded = cached != null ? Uni.createFrom().item(cached) : inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            return row == null ? null : load(scope, row);
        });
        return loaded.onItem().ifNotNull().transformToUni(l -> Uni.createFrom().item(() -> generate(l.chain, options))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItem().ifNotNull().transformToUni(generated -> describe(scope, generated));
    }

    private Generated generate(Chain chain, GenerateOptions options) {
        long start = System.nanoTime();
        Generated generated = chain.generate(options);
        (generated.text() != null ? generatedText : generatedNone).record(System.nanoTime() - start,
                java.util.concurrent.TimeUnit.NANOSECONDS);
        tries.record(generated.tries());
        return generated;
    }

    private Uni<Generation> describe(String scope, Generated g) {
        if (g.parts().isEmpty()) {
            return Uni.createFrom().item(new Generation(g.text(), g.words(), g.tries(), g.score(), g.failure(), true,
                    null));
        }
        Set<Long> seqs = new HashSet<>();
        g.parts().forEach(p -> seqs.add(p.sourceSeq()));
        return store.ids(scope, seqs).map(ids -> new Generation(g.text(), g.words(), g.tries(), g.score(),
                g.failure(), true, g.parts().stream().map(p -> new Generation.Part(p.text(), ids.get(p.sourceSeq())))
                        .toList()));
    }

    private void validate(GenerateOptions o) {
        int maxWords = config.generation().maxWords();
        if (o.minWords() < 1 || o.minWords() > maxWords) {
            throw new MarkovException.InvalidInput("minWords must be 1 to " + maxWords + ", was " + o.minWords() + ".");
        }
        if (o.maxWords() < o.minWords() || o.maxWords() > maxWords) {
            throw new MarkovException.InvalidInput("maxWords must be minWords (" + o.minWords() + ") to " + maxWords
                    + ", was " + o.maxWords() + ".");
        }
        if (o.maxChars() < 1 || o.maxChars() > 100_000) {
            throw new MarkovException.InvalidInput("maxChars must be 1 to 100000, was " + o.maxChars() + ".");
        }
        if (o.maxTries() < 1 || o.maxTries() > config.generation().maxTries()) {
            throw new MarkovException.InvalidInput("maxTries must be 1 to " + config.generation().maxTries()
                    + ", was " + o.maxTries() + ".");
        }
        if (!(o.maxOverlapRatio() > 0 && o.maxOverlapRatio() <= 1)) {
            throw new MarkovException.InvalidInput("maxOverlapRatio must be above 0 and at most 1, was "
                    + o.maxOverlapRatio() + ".");
        }
        if (o.maxOverlapTotal() < 1) {
            throw new MarkovException.InvalidInput("maxOverlapTotal must be at least 1, was " + o.maxOverlapTotal()
                    + ".");
        }
        if (o.seed() != null && o.seed().length() > config.maxMessageChars()) {
            throw new MarkovException.InvalidInput("seed is longer than " + config.maxMessageChars() + " characters.");
        }
    }

    // ---- export ---------------------------------------------------------------------------------------------

    /** Up to {@code limit} stored messages after sequence number {@code after}; null when the scope is unknown. */
    public Uni<List<StoredMessage>> page(String scope, long after, int limit) {
        checkScope(scope);
        return store.scope(scope).onItem().ifNotNull().transformToUni(row -> store.messagesAfter(scope, after, limit));
    }

    // ---- chains in memory -----------------------------------------------------------------------------------

    /** The scope's chain, loading it when absent. Runs in the scope's lane. */
    private Loaded load(String scope, Scope row) {
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
                chain = Chain.read(new SnapshotReader(snapshot.data()));
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
                break;
            }
            List<Chain.Change> batch = new ArrayList<>(page.size());
            page.forEach(m -> batch.add(Chain.Change.add(m.seq(), m.content())));
            after = page.get(page.size() - 1).seq();
            chain.apply(batch, after);
            changes += page.size();
        }
        Loaded loaded = new Loaded(chain);
        loaded.unsnapshotted.set(changes);
        chains.put(scope, loaded);
        LOG.debugf("Loaded scope %s: snapshot of %d bytes fetched in %d ms, decoded in %d ms; %d changes replayed in"
                + " %d ms", scope, snapshot == null ? 0 : snapshot.data().length, (fetched - start) / 1_000_000,
                (decoded - fetched) / 1_000_000, changes, (System.nanoTime() - decoded) / 1_000_000);
        (snapshot != null ? loadSnapshot : loadMessages).record(System.nanoTime() - start,
                java.util.concurrent.TimeUnit.NANOSECONDS);
        if (snapshotDue(loaded, changes)) {
            scheduleSnapshot(scope, loaded);
        }
        return loaded;
    }

    /** Writes the chain's snapshot. Runs in the scope's lane. */
    private void saveSnapshot(String scope, Loaded loaded) {
        long start = System.nanoTime();
        long unsaved = loaded.unsnapshotted.get();
        SnapshotWriter out = new SnapshotWriter();
        loaded.chain.write(out);
        await(store.saveSnapshot(new Snapshot(scope, loaded.chain.order(), loaded.chain.watermark(),
                out.toByteArray())));
        loaded.unsnapshotted.addAndGet(-unsaved);
        snapshotWrite.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
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

    /** Test and benchmark hook: drops every chain from memory (snapshots of unsaved ones are written first). */
    public Uni<Void> evictAll() {
        List<Uni<Object>> saves = new ArrayList<>();
        for (Map.Entry<String, Loaded> entry : Map.copyOf(chains.asMap()).entrySet()) {
            String scope = entry.getKey();
            saves.add(inLane(scope, () -> {
                Loaded loaded = chains.asMap().remove(scope);
                if (loaded != null && loaded.unsnapshotted.get() > 0) {
                    saveSnapshot(scope, loaded);
                }
                return null;
            }));
        }
        return saves.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(saves).andFailFast().replaceWithVoid();
    }

    /**
     * Waits until the training queue has room (a task finished), at most {@code timeout}: how a long-running caller
     * (an import) goes on after {@link MarkovException.Busy} without polling.
     */
    void awaitRoom(Duration timeout) {
        try {
            lanes.room().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the caller tries again, and gives up after its own retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private <T> Uni<T> inLane(String scope, Callable<T> task) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(lanes.submit(scope, task)))
                .onFailure(CompletionException.class).transform(Throwable::getCause)
                .ifNoItem().after(databaseTimeout).failWith(() -> new ServiceUnavailableException("Scope '" + scope
                        + "' did not finish within " + databaseTimeout.toMillis() + " ms (corvid.database.timeout):"
                        + " the database is slow or unavailable, or the scope is busy. Retry shortly; a retried"
                        + " message id is stored once.", databaseTimeout, null));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(STORE_WAIT);
    }

    private static void checkScope(String scope) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new MarkovException.InvalidInput("A scope is 1 to 100 characters of letters, digits and _ . : -;"
                    + " '" + scope + "' is not.");
        }
    }

    /** The scope a Discord message trains and answers in: the guild, or guild:channel where configured. */
    public String scopeOf(String guildId, String channelId) {
        return config.channelScopedGuilds().orElse(Set.of()).contains(guildId) ? guildId + ":" + channelId : guildId;
    }

    private List<NewMessage> validate(List<NewMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new MarkovException.InvalidInput("No messages: send at least one.");
        }
        if (messages.size() > config.maxBatch()) {
            throw new MarkovException.InvalidInput("A batch holds at most " + config.maxBatch() + " messages; this"
                    + " one has " + messages.size() + ".", Map.of("limit", config.maxBatch()));
        }
        Instant now = clock.instant();
        List<NewMessage> clean = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            NewMessage m = messages.get(i);
            if (m == null) {
                throw invalid(i, "message " + i + " is null.");
            }
            if (m.id() == null || m.id().isBlank() || m.id().length() > MAX_ID) {
                throw invalid(i, "message " + i + " needs an id of 1 to " + MAX_ID + " characters.");
            }
            if (m.content() == null || Tokenizer.isBlank(m.content())) {
                throw invalid(i, "message " + i + " (id " + m.id() + ") has no text.");
            }
            if (m.content().length() > config.maxMessageChars()) {
                throw invalid(i, "message " + i + " (id " + m.id() + ") has " + m.content().length()
                        + " characters; the limit is " + config.maxMessageChars() + ".");
            }
            String[] names = {"id", "channel", "author", "content"};
            String[] fields = {m.id(), m.channel(), m.author(), m.content()};
            for (int f = 0; f < fields.length; f++) {
                String problem = StoredText.problem(fields[f]);
                if (problem != null) {
                    throw invalid(i, "message " + i + ": its " + names[f] + " " + problem + ".");
                }
            }
            if ((m.channel() != null && m.channel().length() > MAX_ID)
                    || (m.author() != null && m.author().length() > MAX_ID)) {
                throw invalid(i, "message " + i + " (id " + m.id() + "): channel and author are at most " + MAX_ID
                        + " characters.");
            }
            clean.add(m.createdAt() == null ? new NewMessage(m.id(), m.channel(), m.author(), m.content(), now) : m);
        }
        return clean;
    }

    private static MarkovException.InvalidInput invalid(int index, String detail) {
        return new MarkovException.InvalidInput(detail.substring(0, 1).toUpperCase() + detail.substring(1),
                Map.of("index", index));
    }
}
