package dev.corvid.markov.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads what {@link SnapshotWriter} wrote. */
public final class SnapshotReader {

    private final ByteBuffer buffer;

    public SnapshotReader(byte[] bytes) {
        buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int getInt() {
        return buffer.getInt();
    }

    long getLong() {
        return buffer.getLong();
    }

    String getString() {
        byte[] bytes = new byte[getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void getInts(int[] into, int count) {
        buffer.asIntBuffer().get(into, 0, count);
        buffer.position(buffer.position() + 4 * count);
    }
}
