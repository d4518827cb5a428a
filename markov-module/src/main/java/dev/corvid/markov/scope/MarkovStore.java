package dev.corvid.markov.scope;

import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable storage of scopes, training messages and chain snapshots. Every method's effect is committed when its
 * {@code Uni} completes. Each add and forget takes a number from one sequence; a snapshot records the largest
 * number it reflects ({@code watermark}), so "snapshot + {@link #changesAfter} applied in order" is the current chain.
 * Callers serialize writes per scope (the service runs them in one lane per scope); the store does not.
 */
public interface MarkovStore {

    /** Which messages a forget removes. */
    enum Selector {
        MESSAGE("id"), AUTHOR("author"), CHANNEL("channel");

        final String column;

        Selector(String column) {
            this.column = column;
        }
    }

    /** The scope, or null. */
    Uni<Scope> scope(String scope);

    /** The scope, created with {@code stateSize} when absent. */
    Uni<Scope> ensureScope(String scope, int stateSize);

    /** Creates the scope or changes its state size; a change drops its snapshot (the chain must be rebuilt). */
    Uni<Scope> putScope(String scope, int stateSize);

    /** Deletes the scope with its messages, snapshot and forget log; false when it did not exist. */
    Uni<Boolean> deleteScope(String scope);

    /**
     * Inserts the messages whose id is new in the scope (an id already stored is left as it is, so a retried batch
     * is safe) and returns the adds in sequence order.
     */
    Uni<List<Change>> insert(String scope, List<NewMessage> messages);

    /**
     * Replaces a message's content: a forget of the old content, then an add of the new one. Empty when there is
     * no such message.
     */
    Uni<List<Change>> replace(String scope, String id, String content);

    /** Deletes every message matching {@code selector = value} and returns the forgets in sequence order. */
    Uni<List<Change>> forget(String scope, Selector selector, String value);

    /** The scope's snapshot, or null. */
    Uni<Snapshot> snapshot(String scope);

    /**
     * Stores a snapshot unless a newer one is stored, and drops the forget log it makes unnecessary. True when it
     * was stored.
     */
    Uni<Boolean> saveSnapshot(Snapshot snapshot);

    /**
     * Forgets of messages added at or before {@code watermark} that happened after it, in sequence order: what a
     * snapshot taken at {@code watermark} still has to subtract.
     */
    Uni<List<Change>> forgetsAfter(String scope, long watermark);

    /** Up to {@code limit} messages added after sequence number {@code after}, in sequence order. */
    Uni<List<StoredMessage>> messagesAfter(String scope, long after, int limit);

    /** Message ids by sequence number, for the sequence numbers that still exist. */
    Uni<Map<Long, String>> ids(String scope, Collection<Long> seqs);
}
