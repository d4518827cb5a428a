package dev.corvid.markov.chain;

import java.util.Arrays;

/**
 * Words interned to ints. Ids 0 and 1 are the BEGIN and END markers; words never leave the vocabulary (a forgotten
 * word keeps its id but no transition refers to it), so ids stay stable for the chain's lifetime.
 *
 * <p>Compact: the words' characters live back to back in one {@code char[]} (no String object per word, which cost
 * about 40 bytes each and dominated small chains), with their end offsets and hashes in two {@code int[]}s, and an
 * open-addressing table of ids. A lookup compares the hash, then the characters in place; {@link #word} makes a
 * String when generation needs one.
 */
final class Vocabulary {

    static final int BEGIN = 0;
    static final int END = 1;

    private char[] chars = new char[64];
    private int used;
    /** {@code ends[id]}: where word {@code id}'s characters end; they start where the previous word's end. */
    private int[] ends = new int[16];
    private int[] hashes = new int[16];
    /** Open addressing: id + 1, 0 for empty; at most half full. */
    private int[] slots = new int[32];
    private int size;

    Vocabulary() {
        intern("\u0002BEGIN");
        intern("\u0003END");
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    /** The id of {@code word}, adding it when new. */
    int intern(String word) {
        int hash = word.hashCode();
        int i = probe(word, hash);
        if (slots[i] != 0) {
            return slots[i] - 1;
        }
        int id = size++;
        if (id == ends.length) {
            ends = Arrays.copyOf(ends, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        int length = word.length();
        if (used + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
        }
        word.getChars(0, length, chars, used);
        used += length;
        ends[id] = used;
        hashes[id] = hash;
        slots[i] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    /** The id of {@code word}, or -1 when the chain never saw it. */
    int find(String word) {
        return slots[probe(word, word.hashCode())] - 1;
    }

    /** The slot holding {@code word}, or the empty slot where it would go. */
    private int probe(String word, int hash) {
        int mask = slots.length - 1;
        int i = spread(hash) & mask;
        for (int slot = slots[i]; slot != 0; slot = slots[i]) {
            int id = slot - 1;
            if (hashes[id] == hash && sameChars(id, word)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private boolean sameChars(int id, String word) {
        int start = id == 0 ? 0 : ends[id - 1];
        int length = ends[id] - start;
        if (length != word.length()) {
            return false;
        }
        for (int c = 0; c < length; c++) {
            if (chars[start + c] != word.charAt(c)) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        int[] fresh = new int[slots.length * 2];
        int mask = fresh.length - 1;
        for (int id = 0; id < size; id++) {
            int i = spread(hashes[id]) & mask;
            while (fresh[i] != 0) {
                i = (i + 1) & mask;
            }
            fresh[i] = id + 1;
        }
        slots = fresh;
    }

    String word(int id) {
        int start = id == 0 ? 0 : ends[id - 1];
        return new String(chars, start, ends[id] - start);
    }

    /** Appends word {@code id} to {@code out} without making a String. */
    void appendTo(StringBuilder out, int id) {
        int start = id == 0 ? 0 : ends[id - 1];
        out.append(chars, start, ends[id] - start);
    }

    int size() {
        return size;
    }

    /** Heap bytes of the arrays (what the chain cache weighs). */
    long memoryBytes() {
        return 48L + 2L * chars.length + 4L * ends.length + 4L * hashes.length + 4L * slots.length;
    }
}
