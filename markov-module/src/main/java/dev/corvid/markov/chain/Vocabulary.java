package dev.corvid.markov.chain;

import java.util.Arrays;

/**
 * Words interned to ints. Ids 0 and 1 are the BEGIN and END markers; words never leave the vocabulary (a forgotten
 * word keeps its id but no transition refers to it), so ids stay stable for the chain's lifetime.
 *
 * <p>Open addressing over one {@code long[]} whose entries hold a word's hash and id together, so a lookup touches
 * the slot and, on a hash match, the word itself: no boxed ids, no map nodes.
 */
final class Vocabulary {

    static final int BEGIN = 0;
    static final int END = 1;

    private String[] words = new String[1024];
    private long[] slots = new long[2048];
    private int size = 2;

    Vocabulary() {
        words[BEGIN] = "\u0002BEGIN";
        words[END] = "\u0003END";
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    /** The id of {@code word}, adding it when new. */
    int intern(String word) {
        int hash = word.hashCode();
        int i = probe(word, hash);
        long slot = slots[i];
        if (slot != 0) {
            return (int) slot - 1;
        }
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
        }
        int id = size++;
        words[id] = word;
        slots[i] = ((long) hash << 32) | (id + 1);
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    /** The id of {@code word}, or -1 when the chain never saw it. */
    int find(String word) {
        return (int) slots[probe(word, word.hashCode())] - 1;
    }

    /** The slot holding {@code word}, or the empty slot where it would go. */
    private int probe(String word, int hash) {
        int mask = slots.length - 1;
        int i = spread(hash) & mask;
        for (long slot = slots[i]; slot != 0; slot = slots[i]) {
            if ((int) (slot >>> 32) == hash && words[(int) slot - 1].equals(word)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash() {
        long[] fresh = new long[slots.length * 2];
        int mask = fresh.length - 1;
        for (long slot : slots) {
            if (slot != 0) {
                int i = spread((int) (slot >>> 32)) & mask;
                while (fresh[i] != 0) {
                    i = (i + 1) & mask;
                }
                fresh[i] = slot;
            }
        }
        slots = fresh;
    }

    String word(int id) {
        return words[id];
    }

    int size() {
        return size;
    }

    /** Rough heap bytes: the arrays and the strings (Latin-1 compact). */
    long memoryBytes() {
        long bytes = 32L + 4L * words.length + 8L * slots.length;
        for (int i = 2; i < size; i++) {
            bytes += 40 + words[i].length();
        }
        return bytes;
    }
}
