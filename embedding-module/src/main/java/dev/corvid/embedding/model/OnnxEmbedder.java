package dev.corvid.embedding.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * BGE-small on ONNX Runtime: a padded batch of token ids in, one pooled (and optionally L2-normalised) 384-float
 * vector per text out. Batches whose texts all pool the [CLS] row run the CLS-row graph ({@link ClsGraph}: the last
 * layer computes row 0 only, the same vectors for about 1/12 less work); a batch with mean pooling runs the full
 * graph, whose session opens with the first such batch. Sessions are thread-safe; the thread counts are explicit so
 * the worker pool, not ONNX Runtime, decides how many cores inference takes.
 */
public final class OnnxEmbedder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxEmbedder.class);

    private final OrtEnvironment env;
    private final Path model;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final boolean cpuArena;
    private final OptionalInt cudaDevice;
    /** The CLS-row graph's session; null when this model has none (or it was not asked for). */
    private final OrtSession clsSession;
    /** The full graph's session: at once without a CLS-row graph, else opened by the first batch that needs it. */
    private volatile OrtSession fullSession;
    private boolean closed;
    /** The hidden states' output name, the same in both graphs. */
    private final String output;
    /** Run options, made once: the plain ones, and the ones that return the arena's memory after the run. */
    private final OrtSession.RunOptions keepMemory;
    private final OrtSession.RunOptions releaseMemory;
    /** On the CPU, each thread's direct buffers for its batches (see {@link Scratch}); null on a GPU. */
    private final ThreadLocal<Scratch> scratch;

    public OnnxEmbedder(Path model, int intraOpThreads, int interOpThreads) {
        this(model, intraOpThreads, interOpThreads, true, OptionalInt.empty(), true);
    }

    public OnnxEmbedder(Path model, int intraOpThreads, int interOpThreads, boolean cpuArena, OptionalInt cudaDevice) {
        this(model, intraOpThreads, interOpThreads, cpuArena, cudaDevice, true);
    }

    /**
     * @param cpuArena whether ONNX Runtime keeps a memory arena (faster; holds peak activations for good)
     * @param cudaDevice the GPU to run on through ONNX Runtime's CUDA provider; empty: the CPU
     * @param clsRows whether CLS-pooled batches run the CLS-row graph; false: every batch runs the model as shipped
     */
    public OnnxEmbedder(Path model, int intraOpThreads, int interOpThreads, boolean cpuArena, OptionalInt cudaDevice,
            boolean clsRows) {
        this.env = OrtEnvironment.getEnvironment();
        this.model = model;
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
        this.cpuArena = cpuArena;
        this.cudaDevice = cudaDevice;
        try {
            keepMemory = new OrtSession.RunOptions();
            releaseMemory = new OrtSession.RunOptions();
            // Frees the arena's unused regions when the run ends (ONNX Runtime's run-config key).
            releaseMemory.addRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        } catch (OrtException e) {
            throw new IllegalStateException("cannot set up ONNX Runtime's run options: " + e.getMessage(), e);
        }
        Optional<Path> clsGraph = Optional.empty();
        if (clsRows) {
            try {
                clsGraph = ClsGraph.derive(model);
            } catch (UncheckedIOException e) {
                // A read-only model directory costs the saving, not the service.
                LOG.warnf("running the full graph for every batch: %s", e.getMessage());
            }
        }
        try {
            this.clsSession = clsGraph.map(this::open).orElse(null);
            this.fullSession = clsSession == null ? open(model) : null;
        } catch (IllegalStateException e) {
            keepMemory.close();
            releaseMemory.close();
            throw e;
        }
        this.output = (clsSession != null ? clsSession : fullSession).getOutputNames().iterator().next();
        this.scratch = cudaDevice.isPresent() ? null : ThreadLocal.withInitial(Scratch::new);
    }

    private OrtSession open(Path file) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (cudaDevice.isPresent()) {
                addCuda(options, cudaDevice.getAsInt());
            }
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(interOpThreads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setCPUArenaAllocator(cpuArena);
            options.setMemoryPatternOptimization(cpuArena);
            return env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether CLS-pooled batches run the CLS-row graph. */
    public boolean clsRows() {
        return clsSession != null;
    }

    private OrtSession full() {
        OrtSession session = fullSession;
        if (session == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the model is closed");
                }
                session = fullSession;
                if (session == null) {
                    session = open(model);
                    fullSession = session;
                }
            }
        }
        return session;
    }

    /**
     * Embeds a batch. {@code ids[i]} are text i's input ids ([CLS] … [SEP]); shorter ones are padded with 0 and
     * masked. Returns {@code vectors[i]}, 384 floats each.
     */
    public float[][] embed(long[][] ids, Pooling pooling, boolean normalize) {
        Pooling[] poolings = new Pooling[ids.length];
        boolean[] normalizes = new boolean[ids.length];
        java.util.Arrays.fill(poolings, pooling);
        java.util.Arrays.fill(normalizes, normalize);
        return embed(ids, poolings, normalizes, false);
    }

    /**
     * Like {@link #embed(long[][], Pooling, boolean)} with pooling and normalisation chosen per text. With
     * {@code release}, ONNX Runtime hands the arena memory the batch used back to the system when it ends
     * (slower: the next batch allocates afresh), so a process under memory pressure shrinks.
     */
    public float[][] embed(long[][] ids, Pooling[] pooling, boolean[] normalize, boolean release) {
        int batch = ids.length;
        int length = 0;
        for (long[] row : ids) {
            length = Math.max(length, row.length);
        }
        boolean clsOnly = clsSession != null;
        for (Pooling p : pooling) {
            clsOnly &= p == Pooling.CLS;
        }
        OrtSession session = clsOnly ? clsSession : full();
        int rows = clsOnly ? 1 : length;
        int cells = batch * length;
        Scratch buffers = scratch == null ? null : scratch.get();
        LongBuffer[] in = buffers != null ? buffers.inputs(cells)
                : new LongBuffer[] {LongBuffer.allocate(cells), LongBuffer.allocate(cells), LongBuffer.allocate(cells)};
        for (long[] row : ids) {
            for (int j = 0; j < length; j++) {
                boolean real = j < row.length;
                in[0].put(real ? row[j] : 0);
                in[1].put(real ? 1 : 0);
                in[2].put(0);
            }
        }
        for (LongBuffer buffer : in) {
            buffer.flip();
        }
        long[] shape = {batch, length};
        FloatBuffer pinned = buffers == null ? null : buffers.hidden(batch * rows * ModelVariant.DIMENSIONS);
        OrtSession.RunOptions options = release ? releaseMemory : keepMemory;
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, in[0], shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, in[1], shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, in[2], shape);
                OnnxTensor hiddenTensor = pinned == null ? null
                        : OnnxTensor.createTensor(env, pinned, new long[] {batch, rows, ModelVariant.DIMENSIONS})) {
            Map<String, OnnxTensor> inputs = Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                    "token_type_ids", typeTensor);
            if (hiddenTensor != null) {
                // ONNX Runtime writes the hidden states straight into the thread's buffer.
                session.run(inputs, Set.of(), Map.of(output, hiddenTensor), options).close();
                return pool(pinned, ids, rows, pooling, normalize);
            }
            try (OrtSession.Result result = session.run(inputs, options)) {
                return pool(((OnnxTensor) result.get(0)).getFloatBuffer(), ids, rows, pooling, normalize);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + ": " + e.getMessage(), e);
        }
    }

    /**
     * One vector per text from the [batch, rows, 384] hidden states: the CLS row, or the mean of the real tokens
     * (then {@code rows} is the padded length).
     */
    private static float[][] pool(FloatBuffer hidden, long[][] ids, int rows, Pooling[] pooling,
            boolean[] normalize) {
        int batch = ids.length;
        int dims = ModelVariant.DIMENSIONS;
        float[][] vectors = new float[batch][dims];
        for (int i = 0; i < batch; i++) {
            int base = i * rows * dims;
            if (pooling[i] == Pooling.CLS) {
                hidden.get(base, vectors[i], 0, dims);
            } else {
                int tokens = ids[i].length;
                for (int t = 0; t < tokens; t++) {
                    for (int d = 0; d < dims; d++) {
                        vectors[i][d] += hidden.get(base + t * dims + d);
                    }
                }
                for (int d = 0; d < dims; d++) {
                    vectors[i][d] /= tokens;
                }
            }
            if (normalize[i]) {
                normalize(vectors[i]);
            }
        }
        return vectors;
    }

    /**
     * A thread's direct buffers for its batches on the CPU: ONNX Runtime reads the ids, mask and token types from
     * them and writes the [batch, rows, 384] hidden states into the last, where pooling reads them without copying
     * them out to the heap or allocating tensors anew. They grow to the thread's largest batch (256 tokens: 390 KB
     * with the full graph) and stay.
     */
    private static final class Scratch {
        private ByteBuffer longs = ByteBuffer.allocateDirect(0);
        private ByteBuffer floats = ByteBuffer.allocateDirect(0);

        /** Three buffers of {@code cells} longs, empty, positioned at 0: ids, attention mask, token types. */
        LongBuffer[] inputs(int cells) {
            int bytes = Long.BYTES * cells;
            if (longs.capacity() < 3 * bytes) {
                longs = ByteBuffer.allocateDirect(3 * bytes);
            }
            LongBuffer[] out = new LongBuffer[3];
            for (int k = 0; k < 3; k++) {
                out[k] = longs.slice(k * bytes, bytes).order(ByteOrder.nativeOrder()).asLongBuffer();
            }
            return out;
        }

        /** A buffer of exactly {@code count} floats. */
        FloatBuffer hidden(int count) {
            int bytes = Float.BYTES * count;
            if (floats.capacity() < bytes) {
                floats = ByteBuffer.allocateDirect(bytes);
            }
            return floats.slice(0, bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    private static void addCuda(OrtSession.SessionOptions options, int device) throws OrtException {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new OrtException("this ONNX Runtime build has no CUDA provider (it has "
                    + OrtEnvironment.getAvailableProviders() + "); build with -Pgpu or set -Donnxruntime.native.path "
                    + "to the GPU build's native libraries");
        }
        // Nodes the CUDA provider lacks fall back to the CPU provider, which ONNX Runtime adds after it.
        options.addCUDA(device);
    }

    /** Cosine similarity of two vectors of the same length; 0 when either is all zeros. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Scales {@code v} to length 1 (unless it is all zeros). */
    public static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0) {
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) (v[d] / norm);
            }
        }
    }

    @Override
    public void close() {
        keepMemory.close();
        releaseMemory.close();
        OrtSession full;
        synchronized (this) {
            closed = true;
            full = fullSession;
        }
        try {
            if (clsSession != null) {
                clsSession.close();
            }
            if (full != null) {
                full.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
