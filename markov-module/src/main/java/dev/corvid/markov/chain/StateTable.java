package dev.corvid.markov.chain;

import java.util.Arrays;

/**
 * The chain's states (tuples of {@code order} word ids) interned to dense ints with open addressing over flat
 * arrays: no boxing. Small tables hold ids only ({@code int[]}, 4 bytes a slot) and compare against {@code keys}. From
 * {@link #PACKED_FROM} slots on, for order 1 and 2, the whole state packs into a long stored beside its id, so a lookup
 * in a large chain touches one cache line (16 bytes a slot). States are never removed, so ids stay stable.
 */
final class StateTable {

    /** Slots from which order-1 and order-2 tables switch to packed keys (a table this large leaves the caches). */
    static final int PACKED_FROM = 8192;

    private final int order;
    private int[] keys;
    private int[] slots;
    private long[] packed;
    private int size;

    StateTable(int order, int capacity) {
        this.order = order;
        this.keys = new int[Math.max(16, capacity) * order];
        int cap = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) << 1;
        if (order <= 2 && cap >= PACKED_FROM) {
            this.packed = new long[cap * 2];
        } else {
            this.slots = new int[cap];
        }
    }

    int size() {
        return size;
    }

    private long pack(int[] buf, int off) {
        return order == 1 ? buf[off] & 0xFFFFFFFFL : ((long) buf[off] << 32) | (buf[off + 1] & 0xFFFFFFFFL);
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /** The id of the state held in {@code buf[off .. off+order)}, or -1. */
    int find(int[] buf, int off) {
        if (packed != null) {
            long key = pack(buf, off);
            int mask = (packed.length >> 1) - 1;
            for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
                long id = packed[2 * i + 1];
                if (id == 0) {
                    return -1;
                }
                if (packed[2 * i] == key) {
                    return (int) id - 1;
                }
            }
        }
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
        if (packed != null) {
            long key = pack(buf, off);
            int mask = (packed.length >> 1) - 1;
            int i = mix(key) & mask;
            for (; packed[2 * i + 1] != 0; i = (i + 1) & mask) {
                if (packed[2 * i] == key) {
                    return (int) packed[2 * i + 1] - 1;
                }
            }
            int id = append(buf, off);
            packed[2 * i] = key;
            packed[2 * i + 1] = id + 1;
            if (size * 2 > packed.length >> 1) {
                rehash(packed.length);
            }
            return id;
        }
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
        int id = append(buf, off);
        slots[i] = id + 1;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    private int append(int[] buf, int off) {
        int id = size++;
        if ((long) size * order > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, size * order));
        }
        System.arraycopy(buf, off, keys, id * order, order);
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
        return 32L + 4L * keys.length + (packed != null ? 8L * packed.length : 4L * slots.length);
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
        if (order <= 2 && capacity >= PACKED_FROM) {
            long[] fresh = new long[capacity * 2];
            int mask = capacity - 1;
            for (int id = 0; id < size; id++) {
                long key = pack(keys, id * order);
                int i = mix(key) & mask;
                while (fresh[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                fresh[2 * i] = key;
                fresh[2 * i + 1] = id + 1;
            }
            packed = fresh;
            slots = null;
            return;
        }
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
