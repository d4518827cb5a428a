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
 * a list of immutable segments, each over a contiguous range of messages, mapping a hash of every {@code stride}-th
 * adjacent word pair to its positions; a run of at least {@code stride + 1} words always has one of its first
 * {@code stride} pairs at an indexed position, so lookups are exact while the postings take 1/stride of the words.
 * New messages stay in an unindexed tail (scanned directly) until {@link #maintain()} turns it into a segment;
 * segments merge like a binary counter, so indexing costs O(n log n) over a chain's life. Forgotten messages are
 * marked dead and dropped at the next compaction.
 *
 * <p>Not thread-safe: the owning {@link Chain} guards it.
 */
final class SourceIndex {

    private static final int TAIL_LIMIT = 4096;

    private final int stride;
    private long[] seqs = new long[256];
    private int[] starts = new int[256];
    private int messages;
    private int[] tokens = new int[4096];
    private int length;
    private BitSet dead = new BitSet();
    private long deadTokens;
    private List<Segment> segments = new ArrayList<>();
    private int indexedEnd;

    SourceIndex(int stride) {
        this.stride = stride;
    }

    int stride() {
        return stride;
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
            tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, length + count + 1));
        }
        seqs[messages] = seq;
        starts[messages] = length;
        messages++;
        System.arraycopy(words, 0, tokens, length, count);
        length += count;
        tokens[length++] = Vocabulary.END;
    }

    /** Marks the message with sequence number {@code seq} forgotten; false when it is not here. */
    boolean remove(long seq) {
        int i = Arrays.binarySearch(seqs, 0, messages, seq);
        if (i < 0 || dead.get(i)) {
            return false;
        }
        dead.set(i);
        deadTokens += end(i) - starts[i];
        return true;
    }

    int liveMessages() {
        return messages - dead.cardinality();
    }

    /** The sequence number of message {@code index}, as {@link #find} returns it. */
    long seq(int index) {
        return seqs[index];
    }

    /**
     * The index of a live message that holds {@code gram[off .. off+len)} as a contiguous run, or -1.
     * Requires {@code len > stride}; the gram never contains END.
     */
    int find(int[] gram, int off, int len) {
        if (len <= stride) {
            throw new IllegalArgumentException("runs of " + len + " words are shorter than the index stride");
        }
        for (Segment segment : segments) {
            int found = segment.find(gram, off, len);
            if (found >= 0) {
                return found;
            }
        }
        for (int p = indexedEnd; p + len <= length; p++) {
            if (matches(p, gram, off, len)) {
                int message = messageAt(p);
                if (!dead.get(message)) {
                    return message;
                }
            }
        }
        return -1;
    }

    /** Like {@link #find} for runs of any length, by scanning every word: for the rare runs shorter than a stride. */
    int findScanning(int[] gram, int off, int len) {
        for (int p = 0; p + len <= length; p++) {
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
        return true;
    }

    /** Drops dead messages and rebuilds the index as one segment. */
    void compact() {
        int[] freshTokens = new int[Math.max(4096, (int) (length - deadTokens))];
        long[] freshSeqs = new long[Math.max(256, liveMessages())];
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

    private static int pairHash(int a, int b) {
        int h = a * 0x9E3779B1 + b;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }

    /** Postings of the indexed pairs of words in {@code [from, to)}, grouped by pair hash (a counting sort). */
    private final class Segment {
        final int from;
        final int to;
        final int mask;
        final int[] bucketStart;
        final int[] postings;

        Segment(int from, int to) {
            this.from = from;
            this.to = to;
            int first = from + Math.floorMod(-from, stride);
            int estimate = Math.max(16, (to - from) / stride / 2);
            int buckets = Integer.highestOneBit(estimate - 1) << 1;
            mask = buckets - 1;
            bucketStart = new int[buckets + 1];
            int count = 0;
            for (int p = first; p + 1 < to; p += stride) {
                if (tokens[p] != Vocabulary.END && tokens[p + 1] != Vocabulary.END) {
                    bucketStart[(pairHash(tokens[p], tokens[p + 1]) & mask) + 1]++;
                    count++;
                }
            }
            for (int b = 0; b < buckets; b++) {
                bucketStart[b + 1] += bucketStart[b];
            }
            postings = new int[count];
            int[] fill = Arrays.copyOf(bucketStart, buckets);
            for (int p = first; p + 1 < to; p += stride) {
                if (tokens[p] != Vocabulary.END && tokens[p + 1] != Vocabulary.END) {
                    postings[fill[pairHash(tokens[p], tokens[p + 1]) & mask]++] = p;
                }
            }
        }

        int words() {
            return to - from;
        }

        int find(int[] gram, int off, int len) {
            int pairs = len - 1;
            int best = 0;
            long bestCost = Long.MAX_VALUE;
            for (int w = 0; w + stride <= pairs; w++) {
                long cost = 0;
                for (int j = w; j < w + stride; j++) {
                    int b = pairHash(gram[off + j], gram[off + j + 1]) & mask;
                    cost += bucketStart[b + 1] - bucketStart[b];
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    best = w;
                }
            }
            for (int j = best; j < best + stride; j++) {
                int b = pairHash(gram[off + j], gram[off + j + 1]) & mask;
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

        long memoryBytes() {
            return 48L + 4L * bucketStart.length + 4L * postings.length;
        }
    }
}
