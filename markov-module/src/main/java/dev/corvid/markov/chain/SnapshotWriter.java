package dev.corvid.markov.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for chain snapshots; bulk int writes go through an {@code IntBuffer}. */
final class SnapshotWriter {

    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    private void ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            int capacity = Math.max(buffer.capacity() * 2, buffer.position() + bytes);
            ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    void putInt(int value) {
        ensure(4);
        buffer.putInt(value);
    }

    void putLong(long value) {
        ensure(8);
        buffer.putLong(value);
    }

    void putString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        putInt(bytes.length);
        ensure(bytes.length);
        buffer.put(bytes);
    }

    void putInts(int[] values, int from, int count) {
        ensure(4 * count);
        buffer.asIntBuffer().put(values, from, count);
        buffer.position(buffer.position() + 4 * count);
    }

    void putVarInt(int value) {
        putVarLong(value & 0xFFFFFFFFL);
    }

    void putVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /** Writes each value as an unsigned LEB128 varint (1 byte below 128, 2 below 16,384, …). */
    void putVarInts(int[] values, int from, int count) {
        ensure(5 * count);
        for (int i = from; i < from + count; i++) {
            int v = values[i];
            while ((v & ~0x7F) != 0) {
                buffer.put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buffer.put((byte) v);
        }
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
