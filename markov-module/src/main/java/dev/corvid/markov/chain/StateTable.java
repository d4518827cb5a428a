package dev.corvid.markov.chain;

import java.util.Arrays;

/**
 * The chain's states (tuples of {@code order} word ids) interned to dense ints with open addressing over flat int
 * arrays: no boxing and one array probe per lookup. States are never removed, so ids stay stable.
 */
final class StateTable {

    private final int order;
    private int[] keys;
    private int[] slots;
    private int size;

    StateTable(int order, int capacity) {
        this.order = order;
        this.keys = new int[Math.max(16, capacity) * order];
        this.slots = new int[Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) << 1];
    }

    int size() {
        return size;
    }

    /** The id of the state held in {@code buf[off .. off+order)}, or -1. */
    int find(int[] buf, int off) {
        int mask = slots.length - 1;
        int i = hash(buf, off) & mask;
        while (true) {
            int slot = slots[i];
            if (slot == 0) {
                return -1;
            }
            if (equalsKey(slot - 1, buf, off)) {
                return slot - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /** The id of the state in {@code buf[off .. off+order)}, adding it when new. */
    int intern(int[] buf, int off) {
        int mask = slots.length - 1;
        int i = hash(buf, off) & mask;
        while (true) {
            int slot = slots[i];
            if (slot == 0) {
                break;
            }
            if (equalsKey(slot - 1, buf, off)) {
                return slot - 1;
            }
            i = (i + 1) & mask;
        }
        int id = size++;
        if ((long) size * order > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, size * order));
        }
        System.arraycopy(buf, off, keys, id * order, order);
        slots[i] = id + 1;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    /** Word id at {@code position} of state {@code id}. */
    int token(int id, int position) {
        return keys[id * order + position];
    }

    /** Flat copy of every state's words, {@code order} ints per state, for the snapshot. */
    int[] keys() {
        return Arrays.copyOf(keys, size * order);
    }

    /** Rebuilds a table from {@link #keys()}. */
    static StateTable of(int order, int[] keys) {
        int count = keys.length / order;
        StateTable table = new StateTable(order, count + 1);
        for (int s = 0; s < count; s++) {
            table.intern(keys, s * order);
        }
        return table;
    }

    long memoryBytes() {
        return 32L + 4L * keys.length + 4L * slots.length;
    }

    private boolean equalsKey(int id, int[] buf, int off) {
        int base = id * order;
        for (int j = 0; j < order; j++) {
            if (keys[base + j] != buf[off + j]) {
                return false;
            }
        }
        return true;
    }

    private int hash(int[] buf, int off) {
        int h = 0x811C9DC5;
        for (int j = 0; j < order; j++) {
            h = (h ^ buf[off + j]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    private void rehash(int capacity) {
        int[] fresh = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int i = hash(keys, id * order) & mask;
            while (fresh[i] != 0) {
                i = (i + 1) & mask;
            }
            fresh[i] = id + 1;
        }
        slots = fresh;
    }
}
