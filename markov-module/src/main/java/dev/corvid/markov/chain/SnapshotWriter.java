package dev.corvid.markov.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for chain snapshots; bulk int writes go through an {@code IntBuffer}. */
public final class SnapshotWriter {

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

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
