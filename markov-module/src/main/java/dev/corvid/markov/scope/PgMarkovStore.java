package dev.corvid.markov.scope;

import dev.corvid.markov.MarkovException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** {@link MarkovStore} on the reactive PostgreSQL client; a batch of messages is one {@code unnest} insert. */
@ApplicationScoped
@Timeout(60000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = MarkovException.class)
class PgMarkovStore implements MarkovStore {

    private static final String INSERT = "INSERT INTO markov.message (scope, id, channel, author, content, created_at)"
            + " SELECT $1, t.id, t.channel, t.author, t.content, t.created_at FROM unnest($2::text[], $3::text[],"
            + " $4::text[], $5::text[], $6::timestamptz[]) AS t(id, channel, author, content, created_at)"
            + " ON CONFLICT (scope, id) DO NOTHING RETURNING seq, id";
    private static final String REPLACE = "WITH old AS (SELECT seq, content FROM markov.message"
            + " WHERE scope = $1 AND id = $2 FOR UPDATE),"
            + " gone AS (INSERT INTO markov.forgotten (scope, added_seq, content) SELECT $1, seq, content FROM old"
            + " RETURNING seq, added_seq, content),"
            + " now AS (UPDATE markov.message m SET content = $3, seq = nextval('markov.change_seq') FROM old"
            + " WHERE m.scope = $1 AND m.id = $2 RETURNING m.seq, m.content)"
            + " SELECT gone.seq AS forgot, gone.added_seq, gone.content AS old, now.seq AS added, now.content AS new"
            + " FROM gone, now";
    private static final String FORGET = "WITH gone AS (DELETE FROM markov.message WHERE scope = $1 AND %s = $2"
            + " RETURNING seq, content) INSERT INTO markov.forgotten (scope, added_seq, content)"
            + " SELECT $1, seq, content FROM gone ORDER BY seq RETURNING seq, added_seq, content";
    private static final String SAVE_SNAPSHOT = "INSERT INTO markov.snapshot (scope, watermark, state_size, bytes)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (scope) DO UPDATE SET watermark = excluded.watermark,"
            + " state_size = excluded.state_size, bytes = excluded.bytes, created_at = now()"
            + " WHERE markov.snapshot.watermark < excluded.watermark";
    /** Parts below G1's humongous-object size stream through the client far faster than one value of 100 MB. */
    private static final int PART_BYTES = 512 << 10;

    private final Pool pool;

    PgMarkovStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Scope> scope(String scope) {
        return pool.preparedQuery("SELECT scope, state_size, created_at FROM markov.scope WHERE scope = $1")
                .execute(Tuple.of(scope)).map(PgMarkovStore::firstScope);
    }

    @Override
    public Uni<Scope> ensureScope(String scope, int stateSize) {
        return pool.preparedQuery("WITH ins AS (INSERT INTO markov.scope (scope, state_size) VALUES ($1, $2)"
                + " ON CONFLICT (scope) DO NOTHING RETURNING scope, state_size, created_at)"
                + " SELECT * FROM ins UNION ALL SELECT scope, state_size, created_at FROM markov.scope"
                + " WHERE scope = $1 AND NOT EXISTS (SELECT 1 FROM ins)")
                .execute(Tuple.of(scope, stateSize)).map(PgMarkovStore::firstScope);
    }

    @Override
    public Uni<Scope> putScope(String scope, int stateSize) {
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM markov.snapshot WHERE scope = $1"
                + " AND state_size <> $2").execute(Tuple.of(scope, stateSize))
                .chain(() -> conn.preparedQuery("INSERT INTO markov.scope (scope, state_size) VALUES ($1, $2)"
                        + " ON CONFLICT (scope) DO UPDATE SET state_size = excluded.state_size, updated_at = now()"
                        + " RETURNING scope, state_size, created_at").execute(Tuple.of(scope, stateSize))))
                .map(PgMarkovStore::firstScope);
    }

    @Override
    public Uni<Boolean> deleteScope(String scope) {
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM markov.forgotten WHERE scope = $1")
                .execute(Tuple.of(scope))
                .chain(() -> conn.preparedQuery("DELETE FROM markov.scope WHERE scope = $1").execute(Tuple.of(scope))))
                .map(rows -> rows.rowCount() > 0);
    }

    @Override
    public Uni<List<Change>> insert(String scope, List<NewMessage> batch) {
        // An id repeated within the batch: the first one counts, as it would across batches.
        Map<String, String> contentById = new HashMap<>(batch.size() * 2);
        List<NewMessage> messages = new ArrayList<>(batch.size());
        for (NewMessage m : batch) {
            if (contentById.putIfAbsent(m.id(), m.content()) == null) {
                messages.add(m);
            }
        }
        int n = messages.size();
        String[] ids = new String[n];
        String[] channels = new String[n];
        String[] authors = new String[n];
        String[] contents = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewMessage m = messages.get(i);
            ids[i] = m.id();
            channels[i] = m.channel();
            authors[i] = m.author();
            contents[i] = m.content();
            created[i] = m.createdAt().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(INSERT).execute(Tuple.from(new Object[] {scope, ids, channels, authors, contents,
                created})).map(rows -> {
                    List<Change> added = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        long seq = row.getLong(0);
                        added.add(new Change(seq, seq, contentById.get(row.getString(1)), true));
                    }
                    added.sort(Comparator.comparingLong(Change::seq));
                    return added;
                });
    }

    @Override
    public Uni<List<Change>> replace(String scope, String id, String content) {
        return pool.preparedQuery(REPLACE).execute(Tuple.of(scope, id, content)).map(rows -> {
            List<Change> changes = new ArrayList<>(2);
            for (Row row : rows) {
                changes.add(new Change(row.getLong("forgot"), row.getLong("added_seq"), row.getString("old"), false));
                long added = row.getLong("added");
                changes.add(new Change(added, added, row.getString("new"), true));
            }
            return changes;
        });
    }

    @Override
    public Uni<List<Change>> forget(String scope, Selector selector, String value) {
        return pool.preparedQuery(FORGET.formatted(selector.column)).execute(Tuple.of(scope, value))
                .map(PgMarkovStore::forgets);
    }

    private static List<Change> forgets(RowSet<Row> rows) {
        List<Change> changes = new ArrayList<>(rows.size());
        for (Row row : rows) {
            changes.add(new Change(row.getLong("seq"), row.getLong("added_seq"), row.getString("content"), false));
        }
        changes.sort(Comparator.comparingLong(Change::seq));
        return changes;
    }

    @Override
    public Uni<Snapshot> snapshot(String scope) {
        return pool.preparedQuery("SELECT state_size, watermark, bytes FROM markov.snapshot WHERE scope = $1")
                .execute(Tuple.of(scope)).chain(heads -> {
                    if (heads.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row head = heads.iterator().next();
                    byte[] data = new byte[Math.toIntExact(head.getLong("bytes"))];
                    return pool.preparedQuery("SELECT data FROM markov.snapshot_part WHERE scope = $1 ORDER BY part")
                            .execute(Tuple.of(scope)).map(parts -> {
                                int at = 0;
                                for (Row row : parts) {
                                    Buffer part = row.getDelegate().getBuffer(0);
                                    part.getBytes(data, at);
                                    at += part.length();
                                }
                                if (at != data.length) {
                                    throw new IllegalStateException("the snapshot of scope " + scope + " has " + at
                                            + " of " + data.length + " bytes; it was replaced while being read");
                                }
                                return new Snapshot(scope, head.getInteger("state_size"), head.getLong("watermark"),
                                        data);
                            });
                });
    }

    @Override
    public Uni<Boolean> saveSnapshot(Snapshot snapshot) {
        byte[] data = snapshot.data();
        List<Tuple> parts = new ArrayList<>();
        for (int at = 0, part = 0; at < data.length; at += PART_BYTES, part++) {
            parts.add(Tuple.of(snapshot.scope(), part,
                    Buffer.buffer(java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + PART_BYTES)))));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(SAVE_SNAPSHOT)
                .execute(Tuple.of(snapshot.scope(), snapshot.watermark(), snapshot.stateSize(), (long) data.length))
                .chain(saved -> saved.rowCount() == 0 ? Uni.createFrom().item(false)
                        : conn.preparedQuery("DELETE FROM markov.snapshot_part WHERE scope = $1")
                                .execute(Tuple.of(snapshot.scope()))
                                .chain(() -> parts.isEmpty() ? Uni.createFrom().voidItem()
                                        : conn.preparedQuery("INSERT INTO markov.snapshot_part (scope, part, data)"
                                                + " VALUES ($1, $2, $3)").executeBatch(parts).replaceWithVoid())
                                .chain(() -> conn.preparedQuery("DELETE FROM markov.forgotten WHERE scope = $1"
                                        + " AND seq <= $2").execute(Tuple.of(snapshot.scope(), snapshot.watermark())))
                                .map(x -> true)));
    }

    @Override
    public Uni<List<Change>> forgetsAfter(String scope, long watermark) {
        return pool.preparedQuery("SELECT seq, added_seq, content FROM markov.forgotten WHERE scope = $1"
                + " AND seq > $2 AND added_seq <= $2 ORDER BY seq").execute(Tuple.of(scope, watermark))
                .map(PgMarkovStore::forgets);
    }

    @Override
    public Uni<List<StoredMessage>> messagesAfter(String scope, long after, int limit) {
        return pool.preparedQuery("SELECT seq, id, channel, author, content, created_at FROM markov.message"
                + " WHERE scope = $1 AND seq > $2 ORDER BY seq LIMIT $3").execute(Tuple.of(scope, after, limit))
                .map(rows -> {
                    List<StoredMessage> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new StoredMessage(row.getLong(0), row.getString(1), row.getString(2),
                                row.getString(3), row.getString(4), row.getOffsetDateTime(5).toInstant()));
                    }
                    return page;
                });
    }

    @Override
    public Uni<Map<Long, String>> ids(String scope, Collection<Long> seqs) {
        return pool.preparedQuery("SELECT seq, id FROM markov.message WHERE scope = $1 AND seq = ANY($2)")
                .execute(Tuple.of(scope, seqs.toArray(Long[]::new))).map(rows -> {
                    Map<Long, String> ids = new HashMap<>();
                    for (Row row : rows) {
                        ids.put(row.getLong(0), row.getString(1));
                    }
                    return ids;
                });
    }

    private static Scope firstScope(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new Scope(row.getString("scope"), row.getInteger("state_size"),
                row.getOffsetDateTime("created_at").toInstant());
    }

}
