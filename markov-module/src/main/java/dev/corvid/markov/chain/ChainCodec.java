package dev.corvid.markov.chain;

/**
 * The snapshot format of a {@link Chain} (version {@link Chain#FORMAT}): the vocabulary, the state keys, each state's
 * positive transitions and the live source messages, varint-encoded. A snapshot restores the chain exactly: its
 * {@link Chain#digest()} equals the original's.
 */
final class ChainCodec {

    private ChainCodec() {
    }

    /** Writes the chain (vocabulary, states, positive transitions, live messages); the caller holds its lock. */
    static void write(Chain chain, SnapshotWriter out) {
        out.putInt(Chain.FORMAT);
        out.putInt(chain.order);
        out.putLong(chain.watermark);
        out.putInt(chain.vocab.size());
        for (int id = 2; id < chain.vocab.size(); id++) {
            out.putString(chain.vocab.word(id));
        }
        int[] keys = chain.states.keys();
        out.putInt(keys.length);
        out.putVarInts(keys, 0, keys.length);
        for (int s = 0; s < chain.states.size(); s++) {
            int positive = 0;
            for (int e = 0; e < chain.degree(s); e++) {
                if (chain.countAt(s, e) > 0) {
                    positive++;
                }
            }
            out.putVarInt(positive);
            for (int e = 0; e < chain.degree(s); e++) {
                if (chain.countAt(s, e) > 0) {
                    out.putVarInt(chain.nextAt(s, e));
                    out.putVarInt(chain.countAt(s, e));
                }
            }
        }
        out.putInt(chain.sources.liveMessages());
        out.putLong(chain.sources.liveWords());
        long[] previous = {0};
        chain.sources.forEachLive((seq, tokens, from, count) -> {
            out.putVarLong(seq - previous[0]);
            previous[0] = seq;
            out.putVarInt(count);
            out.putVarInts(tokens, from, count);
        });
    }

    /** Reads what {@link #write} wrote. */
    static Chain read(SnapshotReader in) {
        int format = in.getInt();
        if (format != Chain.FORMAT) {
            throw new IllegalArgumentException("snapshot format " + format + " is not " + Chain.FORMAT);
        }
        int order = in.getInt();
        long watermark = in.getLong();
        int words = in.getInt();
        Vocabulary vocab = new Vocabulary();
        for (int id = 2; id < words; id++) {
            vocab.intern(in.getString());
        }
        int[] keys = new int[in.getInt()];
        in.getVarInts(keys, keys.length);
        StateTable table = StateTable.of(order, keys);
        Chain chain = new Chain(order, vocab, table, table.size());
        for (int s = 0; s < table.size(); s++) {
            int d = in.getVarInt();
            int sum = 0;
            if (d > 0) {
                chain.meta[4 * s + 2] = in.getVarInt();
                chain.meta[4 * s + 3] = in.getVarInt();
                sum += chain.meta[4 * s + 3];
            }
            if (d > 1) {
                int[] m = new int[2 * (d - 1)];
                in.getVarInts(m, m.length);
                for (int e = 1; e < m.length; e += 2) {
                    sum += m[e];
                }
                chain.more[s] = m;
            }
            chain.meta[4 * s] = d;
            chain.meta[4 * s + 1] = sum;
            chain.transitionCount += d;
            if (d > Chain.HASHED_DEGREE) {
                chain.index(s, chain.nextAt(s, d - 1), d - 1);
            }
        }
        int messages = in.getInt();
        chain.sources.reserve(messages, in.getLong());
        int[] buffer = new int[64];
        long seq = 0;
        for (int i = 0; i < messages; i++) {
            seq += in.getVarLong();
            int count = in.getVarInt();
            if (buffer.length < count) {
                buffer = new int[count * 2];
            }
            in.getVarInts(buffer, count);
            chain.sources.add(seq, buffer, count);
        }
        chain.sources.indexAll();
        chain.watermark = watermark;
        return chain;
    }
}
