package dev.corvid.markov.chain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One scope's Markov chain: markovify's model (an overlapping window of {@code order} words, with BEGIN and END
 * markers) over interned word ids, plus the {@link SourceIndex} its overlap test and provenance read.
 *
 * <p>Each state has four ints in one flat array (successor count, total, and its first successor inline with its
 * count), so the common single-successor state costs one cache line; further successors live in one int array per
 * state, {@code (next, count)} interleaved, and a state with many gets an open-addressing lookup so training stays
 * O(1) per word. Sampling scans small states and binary
 * searches a cumulative table in large ones; the table is built lazily and dropped when the state changes.
 * Forgetting a message decrements exactly what adding it incremented, so the chain always equals one trained on the
 * remaining messages ({@link #digest()} proves it).
 *
 * <p>Thread-safe: changes take the write lock, generation the read lock. This class holds the transition table
 * and the entry points; generation walks are {@link ChainWalker}'s, the snapshot format is {@link ChainCodec}'s.
 *
 * <p>Why this file is longer than the others: adding, forgetting and sampling all read and write the same flat state
 * layout (inline first successor, interleaved tables, lazy cumulative tables, the hashed index), and its invariants
 * hold only if those three stay side by side; the parts that do not touch the layout live elsewhere.
 */
public final class Chain {

    private static final VarHandle TABLES = MethodHandles.arrayElementVarHandle(int[][].class);
    private static final int LINEAR_LIMIT = 8;
    static final int HASHED_DEGREE = 16;
    /** Snapshot layout version; a snapshot of another version is ignored and the chain rebuilt from messages. */
    static final int FORMAT = 3;

    final int order;
    final Vocabulary vocab;
    final StateTable states;
    final SourceIndex sources;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Per state: degree, total, first successor, its count. */
    int[] meta;
    /** Per state: successors after the first, (next, count) interleaved; null while there are none. */
    int[][] more;
    private int[][] lookups;
    private int[][] cumulative;
    long transitionCount;
    long watermark;
    private int[] scratch = new int[64];
    private volatile FirstWordIndex firstWords;

    /** An empty chain with states of {@code order} words (1 to 6). */
    public Chain(int order) {
        // Start small and grow: most Discord guilds are small (a 100-message scope is about 15 KB, not the 110 KB
        // that 1,024-entry initial tables took); every table doubles as it fills.
        this(order, new Vocabulary(), new StateTable(order, 16), 16);
        int[] begin = new int[order];
        states.intern(begin, 0);
    }

    Chain(int order, Vocabulary vocab, StateTable states, int capacity) {
        if (order < 1 || order > 6) {
            throw new IllegalArgumentException("order must be 1 to 6, was " + order);
        }
        this.order = order;
        this.vocab = vocab;
        this.states = states;
        this.sources = new SourceIndex(order + 1);
        int cap = Math.max(16, capacity);
        meta = new int[4 * cap];
        more = new int[cap][];
        lookups = new int[cap][];
        cumulative = new int[cap][];
    }

    public int order() {
        return order;
    }

    /** A message added ({@code add}) or forgotten, with the store's sequence number of that event. */
    public record Change(long seq, String text, boolean add) {

        public static Change add(long seq, String text) {
            return new Change(seq, text, true);
        }

        /** {@code addedSeq} is the sequence number the message was added with. */
        public static Change forget(long addedSeq, String text) {
            return new Change(addedSeq, text, false);
        }
    }

    /**
     * Applies changes in order and records that the chain now reflects the store up to {@code watermark}.
     * Adds must come in ascending sequence order; a forget must name a message this chain holds.
     */
    public void apply(List<Change> changes, long watermark) {
        // Tokenizing is pure, so it runs before the lock, and on all cores for a large batch.
        List<List<String>> words = (changes.size() >= 4096 ? changes.parallelStream() : changes.stream())
                .map(change -> Tokenizer.words(change.text())).toList();
        lock.writeLock().lock();
        try {
            int i = 0;
            while (i < changes.size()) {
                Change change = changes.get(i);
                if (!change.add()) {
                    List<String> forgotten = words.get(i);
                    if (!forgotten.isEmpty() && sources.remove(change.seq())) {
                        count(ids(forgotten), forgotten.size(), -1);
                    }
                    i++;
                    continue;
                }
                int end = i;
                while (end < changes.size() && changes.get(end).add()) {
                    end++;
                }
                addAll(changes.subList(i, end), words.subList(i, end));
                i = end;
            }
            this.watermark = Math.max(this.watermark, watermark);
            sources.maintain();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Learns a run of added messages in three passes so memory latency overlaps instead of adding up: intern every
     * state of every message (independent hash probes), then group the transitions by state with a stable counting
     * sort, then count them state by state (sequential over the per-state arrays). Stability keeps each state's
     * successors in first-seen order, exactly as adding the messages one by one would.
     */
    private void addAll(List<Change> adds, List<List<String>> words) {
        int transitions = 0;
        for (List<String> w : words) {
            transitions += w.isEmpty() ? 0 : w.size() + 1;
        }
        int[] flat = new int[transitions + order * adds.size()];
        int[] stateOf = new int[transitions];
        int at = 0;
        int t = 0;
        for (int m = 0; m < adds.size(); m++) {
            List<String> w = words.get(m);
            if (w.isEmpty()) {
                continue;
            }
            int n = w.size();
            int[] ids = intern(w);
            sources.add(adds.get(m).seq(), ids, n);
            int start = at;
            for (int k = 0; k < order; k++) {
                flat[at++] = Vocabulary.BEGIN;
            }
            System.arraycopy(ids, 0, flat, at, n);
            at += n;
            flat[at++] = Vocabulary.END;
            for (int p = 0; p <= n; p++) {
                stateOf[t++] = start + p;
            }
        }
        int[] nextOf = new int[transitions];
        for (int k = 0; k < transitions; k++) {
            int position = stateOf[k];
            nextOf[k] = flat[position + order];
            stateOf[k] = states.intern(flat, position);
        }
        ensureState(states.size() - 1);
        if (transitions < 8192) {
            for (int k = 0; k < transitions; k++) {
                bump(stateOf[k], nextOf[k], +1);
            }
            return;
        }
        int[] from = new int[states.size() + 1];
        for (int k = 0; k < transitions; k++) {
            from[stateOf[k] + 1]++;
        }
        for (int state = 0; state < states.size(); state++) {
            from[state + 1] += from[state];
        }
        int[] grouped = new int[transitions];
        int[] fill = Arrays.copyOf(from, states.size());
        for (int k = 0; k < transitions; k++) {
            grouped[fill[stateOf[k]]++] = nextOf[k];
        }
        for (int state = 0; state < states.size(); state++) {
            for (int k = from[state]; k < from[state + 1]; k++) {
                bump(state, grouped[k], +1);
            }
        }
    }

    /** The store sequence number up to which this chain reflects every change. */
    public long watermark() {
        lock.readLock().lock();
        try {
            return watermark;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Live training messages; cheap, unlike {@link #stats()}. */
    public int messageCount() {
        lock.readLock().lock();
        try {
            return sources.liveMessages();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Messages, non-empty states, transitions and heap use. */
    public ChainStats stats() {
        lock.readLock().lock();
        try {
            int live = 0;
            for (int s = 0; s < states.size(); s++) {
                if (total(s) > 0) {
                    live++;
                }
            }
            return new ChainStats(order, sources.liveMessages(), live, transitionCount, vocab.size() - 2,
                    memoryBytesLocked(), watermark);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Estimated heap bytes this chain holds; what the chain cache weighs it by. */
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            return memoryBytesLocked();
        } finally {
            lock.readLock().unlock();
        }
    }

    private long memoryBytesLocked() {
        long bytes = 128L + vocab.memoryBytes() + states.memoryBytes() + sources.memoryBytes();
        bytes += 4L * meta.length + 4L * (more.length + lookups.length + cumulative.length);
        for (int s = 0; s < states.size(); s++) {
            bytes += arrayBytes(more[s]) + arrayBytes(lookups[s]) + arrayBytes(cumulative[s]);
        }
        return bytes;
    }

    private static long arrayBytes(int[] array) {
        return array == null ? 0 : 16L + 4L * array.length;
    }

    /**
     * SHA-256 over the chain's content in a canonical order (every state's words, each successor and its count).
     * Two chains with equal digests generate identically distributed text; independent of training order.
     */
    public String digest() {
        lock.readLock().lock();
        try {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int s = 0; s < states.size(); s++) {
                if (total(s) == 0) {
                    continue;
                }
                line.setLength(0);
                for (int j = 0; j < order; j++) {
                    line.append(vocab.word(states.token(s, j))).append('\u0000');
                }
                List<String> successors = new ArrayList<>();
                for (int e = 0; e < degree(s); e++) {
                    if (countAt(s, e) > 0) {
                        successors.add(vocab.word(nextAt(s, e)) + '\u0001' + countAt(s, e));
                    }
                }
                successors.sort(null);
                line.append(String.join("\u0002", successors));
                lines.add(line.toString());
            }
            lines.sort(null);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Integer.toString(order).getBytes(StandardCharsets.UTF_8));
            for (String l : lines) {
                sha.update(l.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Generates one message; never null (an empty {@link Generated#text()} says why). */
    public Generated generate(GenerateOptions options) {
        SplittableRandom random = new SplittableRandom(options.randomSeed() != null ? options.randomSeed()
                : ThreadLocalRandom.current().nextLong());
        lock.readLock().lock();
        try {
            return new ChainWalker(this, options, random).run();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- training -------------------------------------------------------------------------------------------

    private int[] intern(List<String> words) {
        int[] ids = new int[words.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.intern(words.get(i));
        }
        return ids;
    }

    private int[] ids(List<String> words) {
        int[] ids = new int[words.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.find(words.get(i));
            if (ids[i] < 0) {
                throw new IllegalStateException("forgetting a word the chain never learned");
            }
        }
        return ids;
    }

    /** Adds {@code delta} to every transition of the message {@code ids[0 .. n)}. */
    private void count(int[] ids, int n, int delta) {
        int len = order + n + 1;
        if (scratch.length < len) {
            scratch = new int[len * 2];
        }
        Arrays.fill(scratch, 0, order, Vocabulary.BEGIN);
        System.arraycopy(ids, 0, scratch, order, n);
        scratch[order + n] = Vocabulary.END;
        for (int i = 0; i <= n; i++) {
            int state = delta > 0 ? states.intern(scratch, i) : states.find(scratch, i);
            if (state < 0) {
                throw new IllegalStateException("forgetting a state the chain never learned");
            }
            ensureState(state);
            bump(state, scratch[i + order], delta);
        }
    }

    private void ensureState(int state) {
        if (state < more.length) {
            return;
        }
        int cap = Math.max(state + 1, more.length + (more.length >> 1));
        meta = Arrays.copyOf(meta, 4 * cap);
        more = Arrays.copyOf(more, cap);
        lookups = Arrays.copyOf(lookups, cap);
        cumulative = Arrays.copyOf(cumulative, cap);
    }

    int degree(int state) {
        return meta[4 * state];
    }

    int total(int state) {
        return meta[4 * state + 1];
    }

    int nextAt(int state, int e) {
        return e == 0 ? meta[4 * state + 2] : more[state][2 * e - 2];
    }

    int countAt(int state, int e) {
        return e == 0 ? meta[4 * state + 3] : more[state][2 * e - 1];
    }

    /** Appends successor {@code next} with count 0 to {@code state}; returns its entry index. */
    private int append(int state, int next) {
        int d = degree(state);
        if (d == 0) {
            meta[4 * state + 2] = next;
            meta[4 * state + 3] = 0;
        } else {
            int[] m = more[state];
            if (m == null) {
                m = new int[2];
            } else if (2 * d > m.length) {
                m = Arrays.copyOf(m, Math.max(4, (m.length + (m.length >> 1) + 1) & ~1));
            }
            more[state] = m;
            m[2 * d - 2] = next;
            m[2 * d - 1] = 0;
        }
        meta[4 * state] = d + 1;
        if (lookups[state] != null || d + 1 > HASHED_DEGREE) {
            index(state, next, d);
        }
        return d;
    }

    private void bump(int state, int next, int delta) {
        int e = entry(state, next);
        if (e < 0) {
            if (delta < 0) {
                throw new IllegalStateException("forgetting a transition the chain never learned");
            }
            e = append(state, next);
        }
        int before;
        if (e == 0) {
            before = meta[4 * state + 3];
        } else {
            before = more[state][2 * e - 1];
        }
        int after = before + delta;
        if (after < 0) {
            throw new IllegalStateException("transition count below zero");
        }
        if (e == 0) {
            meta[4 * state + 3] = after;
        } else {
            more[state][2 * e - 1] = after;
        }
        meta[4 * state + 1] += delta;
        if (before == 0 && after > 0) {
            transitionCount++;
        } else if (before > 0 && after == 0) {
            transitionCount--;
        }
        if (meta[4 * state] > LINEAR_LIMIT) {
            cumulative[state] = null;
        }
    }

    /** Entry index of {@code next} in {@code state}'s successors, or -1. */
    private int entry(int state, int next) {
        int d = meta[4 * state];
        if (d == 0) {
            return -1;
        }
        if (meta[4 * state + 2] == next) {
            return 0;
        }
        int[] lookup = lookups[state];
        if (lookup == null) {
            int[] m = more[state];
            for (int e = 1; e < d; e++) {
                if (m[2 * e - 2] == next) {
                    return e;
                }
            }
            return -1;
        }
        int mask = lookup.length - 1;
        for (int i = mix(next) & mask; ; i = (i + 1) & mask) {
            int slot = lookup[i];
            if (slot == 0) {
                return -1;
            }
            if (nextAt(state, slot - 1) == next) {
                return slot - 1;
            }
        }
    }

    /** Records entry {@code e} (word {@code next}) in {@code state}'s lookup, building or growing it as needed. */
    void index(int state, int next, int e) {
        int[] lookup = lookups[state];
        int d = degree(state);
        if (lookup == null || d * 2 > lookup.length) {
            lookup = new int[Integer.highestOneBit(Math.max(32, d * 2) - 1) << 2];
            int mask = lookup.length - 1;
            for (int x = 0; x < d; x++) {
                int i = mix(nextAt(state, x)) & mask;
                while (lookup[i] != 0) {
                    i = (i + 1) & mask;
                }
                lookup[i] = x + 1;
            }
            lookups[state] = lookup;
            return;
        }
        int mask = lookup.length - 1;
        int i = mix(next) & mask;
        while (lookup[i] != 0) {
            i = (i + 1) & mask;
        }
        lookup[i] = e + 1;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    // ---- generation -----------------------------------------------------------------------------------------

    /** A weighted draw among {@code state}'s successors: the entry index; -1 when the state has none. */
    int sample(int state, SplittableRandom random) {
        int sum = total(state);
        if (sum <= 0) {
            return -1;
        }
        int d = degree(state);
        int r = random.nextInt(sum);
        if (d <= LINEAR_LIMIT) {
            for (int e = 0; e < d; e++) {
                r -= countAt(state, e);
                if (r < 0) {
                    return e;
                }
            }
            throw new IllegalStateException("state total out of step with its counts");
        }
        int[] cum = (int[]) TABLES.getAcquire(cumulative, state);
        if (cum == null) {
            cum = new int[d];
            int running = 0;
            for (int e = 0; e < d; e++) {
                running += countAt(state, e);
                cum[e] = running;
            }
            TABLES.setRelease(cumulative, state, cum);
        }
        int lo = 0;
        int hi = d - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int count(int state, int next) {
        int e = entry(state, next);
        return e < 0 ? 0 : countAt(state, e);
    }

    /** Whether the run {@code words[off .. off+len)} appears in one live source message. */
    boolean appears(int[] words, int off, int len) {
        if (len > order + 1) {
            return sources.find(words, off, len) >= 0;
        }
        if (len == order + 1) {
            int state = states.find(words, off);
            return state >= 0 && count(state, words[off + order]) > 0;
        }
        return sources.findScanning(words, off, len) >= 0;
    }

    /** A source message holding the run, or -1; any length. */
    int source(int[] words, int off, int len) {
        return len > order + 1 ? sources.find(words, off, len) : sources.findScanning(words, off, len);
    }

    /** States whose first word is a given word, for seeded starts; rebuilt when states were added. */
    FirstWordIndex firstWords() {
        FirstWordIndex index = firstWords;
        if (index == null || index.states != states.size()) {
            synchronized (this) {
                index = firstWords;
                if (index == null || index.states != states.size()) {
                    index = new FirstWordIndex(states, vocab.size());
                    firstWords = index;
                }
            }
        }
        return index;
    }

    // ---- snapshot -------------------------------------------------------------------------------------------

    /** The chain (vocabulary, states, positive transitions, live messages) as bytes for {@link #fromSnapshot}. */
    public byte[] snapshot() {
        SnapshotWriter out = new SnapshotWriter();
        lock.readLock().lock();
        try {
            ChainCodec.write(this, out);
        } finally {
            lock.readLock().unlock();
        }
        return out.toByteArray();
    }

    /** Reads what {@link #snapshot} wrote; throws when the bytes are not a snapshot of this format. */
    public static Chain fromSnapshot(byte[] data) {
        return ChainCodec.read(new SnapshotReader(data));
    }
}
