package dev.corvid.markov.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The training messages as word ids, indexed so that "does this run of words appear in one source message, and in
 * which?" takes microseconds: markovify's overlap test without scanning the corpus as text.
 *
 * <p>Messages are appended in store order (ascending sequence number), each followed by an END marker. The index is
 * a list of immutable segments, each over a contiguous range of messages, mapping a hash of the {@code key} words
 * that start at every even position to those positions. A run of at least {@code key + 1} words has two keys at
 * consecutive positions, one of them even, so lookups are exact while the postings take half the words; the
 * lookup scans the rarer pair of adjacent keys, and keys of {@code order + 1} words are rare.
 * New messages stay in an unindexed tail (scanned directly) until {@link #maintain()} turns it into a segment;
 * segments merge like a binary counter, so indexing costs O(n log n) over a chain's life. Forgotten messages are
 * marked dead and dropped at the next compaction.
 *
 * <p>Not thread-safe: the owning {@link Chain} guards it.
 */
final class SourceIndex {

    private static final int TAIL_LIMIT = 4096;
    private static final int STRIDE = 2;

    private final int key;
    private long[] seqs = new long[16];
    private int[] starts = new int[16];
    private int messages;
    private int[] tokens = new int[64];
    private int length;
    private BitSet dead = new BitSet();
    private int deadMessages;
    private long deadTokens;
    private List<Segment> segments = new ArrayList<>();
    private int indexedEnd;

    /** An index keyed on runs of {@code key} words (the chain's order + 1). */
    SourceIndex(int key) {
        this.key = key;
    }

    /** Appends one message; {@code seq} must be larger than every sequence number added before. */
    void add(long seq, int[] words, int count) {
        if (messages > 0 && seq <= seqs[messages - 1]) {
            throw new IllegalArgumentException("sequence " + seq + " is not after " + seqs[messages - 1]);
        }
        if (messages == seqs.length) {
            seqs = Arrays.copyOf(seqs, messages * 2);
            starts = Arrays.copyOf(starts, messages * 2);
        }
        if (length + count + 1 > tokens.length) {
            int grown = tokens.length < (1 << 22) ? tokens.length * 2 : tokens.length + (tokens.length >> 2);
            tokens = Arrays.copyOf(tokens, Math.max(grown, length + count + 1));
        }
        seqs[messages] = seq;
        starts[messages] = length;
        messages++;
        System.arraycopy(words, 0, tokens, length, count);
        length += count;
        tokens[length++] = Vocabulary.END;
    }

    /** Sizes the arrays for {@code messages} messages of {@code words} words in all (plus their END markers). */
    void reserve(int messages, long words) {
        long needed = words + messages;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a chain holds at most 2^31 words");
        }
        seqs = Arrays.copyOf(seqs, Math.max(seqs.length, messages));
        starts = Arrays.copyOf(starts, Math.max(starts.length, messages));
        tokens = Arrays.copyOf(tokens, (int) Math.max(tokens.length, needed));
    }

    /** Words in live messages, END markers excluded. */
    long liveWords() {
        return length - deadTokens - liveMessages();
    }

    /** Marks the message with sequence number {@code seq} forgotten; false when it is not here. */
    boolean remove(long seq) {
        int i = Arrays.binarySearch(seqs, 0, messages, seq);
        if (i < 0 || dead.get(i)) {
            return false;
        }
        dead.set(i);
        deadMessages++;
        deadTokens += end(i) - starts[i];
        return true;
    }

    int liveMessages() {
        return messages - deadMessages;
    }

    /** The sequence number of message {@code index}, as {@link #find} returns it. */
    long seq(int index) {
        return seqs[index];
    }

    /**
     * The index of a live message that holds {@code gram[off .. off+len)} as a contiguous run, or -1.
     * Requires {@code len > key}; the gram never contains END.
     */
    int find(int[] gram, int off, int len) {
        if (len <= key) {
            throw new IllegalArgumentException("runs of " + len + " words are too short for keys of " + key);
        }
        for (Segment segment : segments) {
            int found = segment.find(gram, off, len);
            if (found >= 0) {
                return found;
            }
        }
        return scan(indexedEnd, gram, off, len);
    }

    /** Like {@link #find} for runs of any length, by scanning every word: for the rare runs too short for a key. */
    int findScanning(int[] gram, int off, int len) {
        return scan(0, gram, off, len);
    }

    /** The first live message holding the run at or after word {@code from}, by comparing at every position. */
    private int scan(int from, int[] gram, int off, int len) {
        for (int p = from; p + len <= length; p++) {
            if (matches(p, gram, off, len)) {
                int message = messageAt(p);
                if (!dead.get(message)) {
                    return message;
                }
            }
        }
        return -1;
    }

    /**
     * Indexes the tail when it has grown, merges segments, and compacts when an eighth of the words are dead.
     * Returns true when anything changed. Callers hold the chain's write lock.
     */
    boolean maintain() {
        if (deadTokens > 0 && deadTokens * 8 > length) {
            compact();
            return true;
        }
        if (length - indexedEnd < TAIL_LIMIT) {
            return false;
        }
        segments.add(new Segment(indexedEnd, length));
        indexedEnd = length;
        while (segments.size() >= 2) {
            Segment last = segments.get(segments.size() - 1);
            Segment previous = segments.get(segments.size() - 2);
            if (last.words() * 2 < previous.words()) {
                break;
            }
            segments.remove(segments.size() - 1);
            segments.set(segments.size() - 1, new Segment(previous.from, last.to));
        }
        if (segments.size() == 1 && tokens.length - length > length / 8) {
            tokens = Arrays.copyOf(tokens, length + length / 16);
        }
        return true;
    }

    /** Indexes everything as one segment; for a freshly read snapshot, which has no dead messages. */
    void indexAll() {
        segments = new ArrayList<>();
        indexedEnd = 0;
        if (length > 0) {
            segments.add(new Segment(0, length));
            indexedEnd = length;
        }
    }

    /** Drops dead messages and rebuilds the index as one segment. */
    void compact() {
        int[] freshTokens = new int[Math.max(64, (int) (length - deadTokens))];
        long[] freshSeqs = new long[Math.max(16, liveMessages())];
        int[] freshStarts = new int[freshSeqs.length];
        int out = 0;
        int kept = 0;
        for (int i = 0; i < messages; i++) {
            if (dead.get(i)) {
                continue;
            }
            int from = starts[i];
            int to = end(i);
            System.arraycopy(tokens, from, freshTokens, out, to - from);
            freshSeqs[kept] = seqs[i];
            freshStarts[kept++] = out;
            out += to - from;
        }
        tokens = freshTokens;
        seqs = freshSeqs;
        starts = freshStarts;
        messages = kept;
        length = out;
        dead = new BitSet();
        deadMessages = 0;
        deadTokens = 0;
        segments = new ArrayList<>();
        indexedEnd = 0;
        if (length > 0) {
            segments.add(new Segment(0, length));
            indexedEnd = length;
        }
    }

    /** Rough heap bytes. */
    long memoryBytes() {
        long bytes = 64L + 8L * seqs.length + 4L * starts.length + 4L * tokens.length + dead.size() / 8;
        for (Segment segment : segments) {
            bytes += segment.memoryBytes();
        }
        return bytes;
    }

    /** Live messages as (sequence number, word ids), in order, for the snapshot. */
    void forEachLive(MessageVisitor visitor) {
        for (int i = 0; i < messages; i++) {
            if (!dead.get(i)) {
                visitor.visit(seqs[i], tokens, starts[i], end(i) - 1 - starts[i]);
            }
        }
    }

    interface MessageVisitor {
        void visit(long seq, int[] tokens, int from, int count);
    }

    private int end(int message) {
        return message + 1 < messages ? starts[message + 1] : length;
    }

    private int messageAt(int position) {
        int i = Arrays.binarySearch(starts, 0, messages, position);
        return i >= 0 ? i : -i - 2;
    }

    private boolean matches(int p, int[] gram, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (tokens[p + i] != gram[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** Hash of the {@code key} words at {@code words[p ..]}, or 0 when one of them is END (not indexed). */
    private int keyHash(int[] words, int p) {
        int h = 0x811C9DC5;
        for (int i = 0; i < key; i++) {
            int w = words[p + i];
            if (w == Vocabulary.END) {
                return 0;
            }
            h = (h ^ w) * 0x01000193;
        }
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h | 1;
    }

    /** Postings of the keys at even positions in {@code [from, to)}, grouped by key hash (a counting sort). */
    private final class Segment {
        final int from;
        final int to;
        final int mask;
        final int[] bucketStart;
        final int[] postings;

        Segment(int from, int to) {
            this.from = from;
            this.to = to;
            int first = from + (from & 1);
            // About eight keys per bucket: a small bucket array keeps the counting sort in cache.
            int estimate = Math.max(16, (to - from) / STRIDE / 8);
            int buckets = Integer.highestOneBit(estimate - 1) << 1;
            mask = buckets - 1;
            bucketStart = new int[buckets + 1];
            int count = 0;
            for (int p = first; p + key <= to; p += STRIDE) {
                int h = keyHash(tokens, p);
                if (h != 0) {
                    bucketStart[(h & mask) + 1]++;
                    count++;
                }
            }
            for (int b = 0; b < buckets; b++) {
                bucketStart[b + 1] += bucketStart[b];
            }
            postings = new int[count];
            int[] fill = Arrays.copyOf(bucketStart, buckets);
            for (int p = first; p + key <= to; p += STRIDE) {
                int h = keyHash(tokens, p);
                if (h != 0) {
                    postings[fill[h & mask]++] = p;
                }
            }
        }

        int words() {
            return to - from;
        }

        int find(int[] gram, int off, int len) {
            int best = 0;
            long bestCost = Long.MAX_VALUE;
            int previous = size(keyHash(gram, off) & mask);
            for (int j = 0; j + key < len; j++) {
                int next = size(keyHash(gram, off + j + 1) & mask);
                long cost = (long) previous + next;
                if (cost < bestCost) {
                    bestCost = cost;
                    best = j;
                }
                previous = next;
            }
            for (int j = best; j <= best + 1; j++) {
                int b = keyHash(gram, off + j) & mask;
                for (int q = bucketStart[b]; q < bucketStart[b + 1]; q++) {
                    int p = postings[q] - j;
                    if (p >= from && p + len <= to && matches(p, gram, off, len)) {
                        int message = messageAt(p);
                        if (!dead.get(message)) {
                            return message;
                        }
                    }
                }
            }
            return -1;
        }

        private int size(int bucket) {
            return bucketStart[bucket + 1] - bucketStart[bucket];
        }

        long memoryBytes() {
            return 48L + 4L * bucketStart.length + 4L * postings.length;
        }
    }
}
