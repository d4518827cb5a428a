package dev.corvid.embedding.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * BGE's WordPiece tokenizer from its tokenizer.json, through Hugging Face's Rust tokenizers (DJL's binding), so ids
 * match the reference exactly. Truncation is the Hugging Face way: [CLS] + the first 510 pieces + [SEP]. Thread-safe,
 * and {@link #close()} waits for calls in progress (the native tokenizers are freed only when none runs; a call after
 * it fails with {@link IllegalStateException}).
 */
public final class BgeTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer truncating;
    private final HuggingFaceTokenizer whole;
    /** Calls hold the read lock, {@link #close()} the write lock. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    public BgeTokenizer(Path tokenizerJson) {
        useBundledLibrary(tokenizerJson.toAbsolutePath().getParent());
        try {
            truncating = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("maxLength",
                    Integer.toString(ModelVariant.MAX_TOKENS), "truncation", "true", "padding", "false"));
            whole = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("truncation", "false", "padding",
                    "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson, e);
        }
    }

    /**
     * Points DJL at the CPU build of its native library, copied beside the tokenizer.json (unless the user set
     * {@code RUST_LIBRARY_PATH}), and turns off its usage report to AWS (an HTTP call at start-up). DJL reads both
     * once, when the first tokenizer loads.
     */
    private static synchronized void useBundledLibrary(Path directory) {
        if (System.getProperty("RUST_LIBRARY_PATH") == null && System.getenv("RUST_LIBRARY_PATH") == null) {
            // The file itself: given a folder, DJL 0.36 looks for a CUDA sub-folder and fails without a GPU.
            ModelFiles.tokenizerLibrary(directory)
                    .ifPresent(file -> System.setProperty("RUST_LIBRARY_PATH", file.toString()));
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** The model's input ids for {@code text}, cut to 512 tokens. */
    public long[] ids(String text) {
        return open(() -> ids(truncating, text));
    }

    /** The ids without truncation: may be longer than the model accepts. */
    public long[] wholeIds(String text) {
        return open(() -> ids(whole, text));
    }

    /**
     * The ids alone, special tokens added: DJL's {@code encode} also copies out the pieces, offsets, type and word
     * ids and both masks, one native call each, which made tokenizing a short text a third slower (44 against 66 µs
     * per Brown sentence). The tokenizer's truncation applies, as it is set on the native tokenizer.
     */
    private static long[] ids(HuggingFaceTokenizer tokenizer, String text) {
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, true);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
            // The native tokenizer is freed when its Java object is: keep it alive until here.
            Reference.reachabilityFence(tokenizer);
        }
    }

    /** Ids and the pieces they stand for, cut or not. */
    public Encoding encoding(String text, boolean truncate) {
        return open(() -> (truncate ? truncating : whole).encode(text));
    }

    private <T> T open(Supplier<T> call) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("The tokenizer is closed: the platform is stopping.");
            }
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                truncating.close();
                whole.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
