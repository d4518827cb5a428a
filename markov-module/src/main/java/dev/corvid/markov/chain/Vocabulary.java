package dev.corvid.markov.chain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Words interned to ints. Ids 0 and 1 are the BEGIN and END markers; words never leave the vocabulary (a forgotten
 * word keeps its id but no transition refers to it), so ids stay stable for the chain's lifetime.
 */
final class Vocabulary {

    static final int BEGIN = 0;
    static final int END = 1;

    private final Map<String, Integer> ids = new HashMap<>();
    private String[] words = new String[1024];
    private int size = 2;

    Vocabulary() {
        words[BEGIN] = "\u0002BEGIN";
        words[END] = "\u0003END";
    }

    /** The id of {@code word}, adding it when new. */
    int intern(String word) {
        Integer id = ids.get(word);
        if (id != null) {
            return id;
        }
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
        }
        words[size] = word;
        ids.put(word, size);
        return size++;
    }

    /** The id of {@code word}, or -1 when the chain never saw it. */
    int find(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    String word(int id) {
        return words[id];
    }

    int size() {
        return size;
    }

    /** Rough heap bytes: the array, the strings (Latin-1 compact) and the map's nodes. */
    long memoryBytes() {
        long bytes = 16L + 4L * words.length;
        for (int i = 2; i < size; i++) {
            bytes += 40 + words[i].length() + 48;
        }
        return bytes + 4L * Integer.highestOneBit(Math.max(16, size * 2));
    }
}
