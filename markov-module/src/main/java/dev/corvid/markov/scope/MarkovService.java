package dev.corvid.markov.scope;

import dev.corvid.markov.MarkovConfig;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.chain.Chain;
import dev.corvid.markov.chain.GenerateOptions;
import dev.corvid.markov.chain.Generated;
import dev.corvid.markov.scope.ChainCache.Loaded;
import dev.corvid.platform.api.error.ServiceUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import static dev.corvid.markov.scope.ChainCache.await;

/**
 * The markov module's operations. Every change to a scope runs in that scope's lane on the bounded training pool:
 * it is committed to PostgreSQL first and applied to the in-memory chain second, so an acknowledged message is
 * durable and the next generation sees it. The chains in memory and their snapshots are {@link ChainCache}'s; what
 * is accepted is {@link MarkovChecks}'; the meters are {@link MarkovMeters}'. Generation runs on the worker pool under
 * the chain's read lock, never on the event loop.
 *
 * <p>Every request that waits on its lane answers within {@code corvid.database.timeout}: when the database hangs,
 * the caller gets a 503 with {@code Retry-After} while the lane finishes (or fails) the work on its own; a write that
 * commits late is still applied to the chain, and its retry is a no-op (known ids are duplicates). Snapshots are
 * written in their own lane task after the request that made them due, never on the request's clock.
 */
@ApplicationScoped
public class MarkovService {

    private static final Logger LOG = Logger.getLogger(MarkovService.class);

    private final MarkovStore store;
    private final MarkovConfig config;
    private final Duration databaseTimeout;
    private final Lanes lanes;
    private final MarkovChecks checks;
    private final MarkovMeters meters;
    private final ChainCache chains;

    MarkovService(MarkovStore store, MarkovConfig config, MeterRegistry registry, Clock clock,
            @ConfigProperty(name = "corvid.database.timeout", defaultValue = "5S") Duration databaseTimeout) {
        this.store = store;
        this.config = config;
        this.databaseTimeout = databaseTimeout;
        this.lanes = new Lanes(config.training().threads(), config.training().queueDepth());
        this.checks = new MarkovChecks(config, clock);
        this.meters = new MarkovMeters(registry);
        this.chains = new ChainCache(store, config, lanes, meters);
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
        checks.scope(scope);
        return inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            if (row == null) {
                return null;
            }
            var chain = chains.load(scope, row).chain;
            return new ScopeStats(row.scope(), row.stateSize(), row.createdAt(), chain.stats(),
                    digest ? chain.digest() : null);
        });
    }

    /** Creates a scope or changes its state size (the chain is then rebuilt from its messages on next use). */
    public Uni<Scope> putScope(String scope, int stateSize) {
        checks.scope(scope);
        checks.stateSize(stateSize);
        return inLane(scope, () -> {
            Scope before = await(store.scope(scope));
            Scope after = await(store.putScope(scope, stateSize));
            if (before != null && before.stateSize() != stateSize) {
                chains.invalidate(scope);
            }
            return after;
        });
    }

    /** Creates the scope with the default state size when it does not exist; the scope either way. */
    public Uni<Scope> ensureScope(String scope) {
        checks.scope(scope);
        return inLane(scope, () -> await(store.ensureScope(scope, config.defaultStateSize())));
    }

    /** Deletes a scope with everything learned from it; false when there was none. */
    public Uni<Boolean> deleteScope(String scope) {
        checks.scope(scope);
        return inLane(scope, () -> {
            boolean deleted = await(store.deleteScope(scope));
            Loaded gone = chains.remove(scope);
            if (gone != null) {
                meters.forgotten.increment(gone.chain.stats().messages());
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
        checks.scope(scope);
        // Checking up to 10,000 messages is work: a worker thread does it, never the event loop.
        return Uni.createFrom().item(() -> checks.messages(messages)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(clean -> inLane(scope, () -> trainInLane(scope, clean)));
    }

    private Trained trainInLane(String scope, List<NewMessage> messages) {
        Scope row = await(store.ensureScope(scope, config.defaultStateSize()));
        Loaded loaded = chains.load(scope, row);
        List<Change> added = await(store.insert(scope, messages));
        chains.apply(scope, loaded, added);
        meters.trained.increment(added.size());
        return new Trained(added.size(), messages.size() - added.size());
    }

    /** Replaces a stored message's text; null when the scope or message does not exist. */
    public Uni<Boolean> edit(String scope, String id, String content) {
        checks.scope(scope);
        NewMessage clean = checks.edit(id, content);
        return inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            if (row == null) {
                return null;
            }
            Loaded loaded = chains.load(scope, row);
            List<Change> changes = await(store.replace(scope, clean.id(), clean.content()));
            if (changes.isEmpty()) {
                return null;
            }
            chains.apply(scope, loaded, changes);
            meters.forgotten.increment();
            meters.trained.increment();
            return true;
        });
    }

    /** Forgets the messages {@code selector = value}; the count, or null when the scope does not exist. */
    public Uni<Integer> forget(String scope, MarkovStore.Selector selector, String value) {
        checks.scope(scope);
        return inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            if (row == null) {
                return null;
            }
            Loaded loaded = chains.load(scope, row);
            List<Change> changes = await(store.forget(scope, selector, value));
            chains.apply(scope, loaded, changes);
            meters.forgotten.increment(changes.size());
            return changes.size();
        });
    }

    // ---- generation -----------------------------------------------------------------------------------------

    /** Generates one message in a scope; null when the scope does not exist. */
    public Uni<Generation> generate(String scope, GenerateOptions options) {
        checks.scope(scope);
        checks.options(options);
        Loaded cached = chains.cached(scope);
        Uni<Loaded> loaded = cached != null ? Uni.createFrom().item(cached) : inLane(scope, () -> {
            Scope row = await(store.scope(scope));
            return row == null ? null : chains.load(scope, row);
        });
        return loaded.onItem().ifNotNull().transformToUni(l -> Uni.createFrom().item(() -> generate(l.chain, options))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItem().ifNotNull().transformToUni(generated -> describe(scope, generated));
    }

    private Generated generate(Chain chain, GenerateOptions options) {
        long start = System.nanoTime();
        Generated generated = chain.generate(options);
        meters.generated(generated, start);
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

    // ---- export ---------------------------------------------------------------------------------------------

    /** Up to {@code limit} stored messages after sequence number {@code after}; null when the scope is unknown. */
    public Uni<List<StoredMessage>> page(String scope, long after, int limit) {
        checks.scope(scope);
        return store.scope(scope).onItem().ifNotNull().transformToUni(row -> store.messagesAfter(scope, after, limit));
    }

    /**
     * Another instance (or a write behind the application's back) changed {@code scope} up to change {@code seq} (0:
     * the scope row itself): a cached chain catches up in the scope's lane. When the queue is full the chain is
     * dropped instead, and the next use loads it.
     */
    void changedElsewhere(String scope, long seq) {
        Loaded cached = chains.cached(scope);
        if (cached == null || (seq > 0 && cached.chain.watermark() >= seq)) {
            return;
        }
        try {
            lanes.submit(scope, () -> {
                chains.catchUp(scope, seq);
                return null;
            }).exceptionally(failure -> {
                LOG.warnf("Scope %s did not catch up with a change made elsewhere (%s); it is reloaded on next use.",
                        scope, failure.getMessage());
                chains.remove(scope);
                return null;
            });
        } catch (MarkovException.Busy busy) {
            chains.remove(scope);
        }
    }

    /** After notifications may have been missed (the listener reconnected): every cached chain catches up. */
    void catchUpAll() {
        chains.scopes().forEach(scope -> changedElsewhere(scope, 0));
    }

    /** Test and benchmark hook: drops every chain from memory (snapshots of unsaved ones are written first). */
    public Uni<Void> evictAll() {
        return chains.evictAll();
    }

    /**
     * Waits until the training queue has room (a task finished), at most {@code timeout}: how a long-running caller
     * (an import) goes on after {@link MarkovException.Busy} without polling.
     */
    public void awaitRoom(Duration timeout) {
        try {
            lanes.room().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the caller tries again, and gives up after its own retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
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

    /** The scope a Discord message trains and answers in: the guild, or guild:channel where configured. */
    public String scopeOf(String guildId, String channelId) {
        return config.channelScopedGuilds().orElse(Set.of()).contains(guildId) ? guildId + ":" + channelId : guildId;
    }
}
