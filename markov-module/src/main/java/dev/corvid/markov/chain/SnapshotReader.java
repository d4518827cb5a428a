package dev.corvid.markov.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads what {@link SnapshotWriter} wrote. */
final class SnapshotReader {

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

    int getVarInt() {
        return (int) getVarLong();
    }

    long getVarLong() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buffer.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    void getVarInts(int[] into, int count) {
        byte[] array = buffer.array();
        int at = buffer.arrayOffset() + buffer.position();
        for (int i = 0; i < count; i++) {
            int b = array[at++];
            int v = b & 0x7F;
            for (int shift = 7; b < 0; shift += 7) {
                b = array[at++];
                v |= (b & 0x7F) << shift;
            }
            into[i] = v;
        }
        buffer.position(at - buffer.arrayOffset());
    }

    void getInts(int[] into, int count) {
        buffer.asIntBuffer().get(into, 0, count);
        buffer.position(buffer.position() + 4 * count);
    }
}
