package dev.corvid.embedding.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One ONNX Runtime session of BGE-small: a padded batch of token ids in, one pooled (and optionally L2-normalised)
 * 384-float vector per text out. Sessions are thread-safe; the thread counts are explicit so the worker pool, not
 * ONNX Runtime, decides how many cores inference takes.
 */
public final class OnnxEmbedder implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    /** Run options, made once: the plain ones, and the ones that return the arena's memory after the run. */
    private final OrtSession.RunOptions keepMemory;
    private final OrtSession.RunOptions releaseMemory;

    public OnnxEmbedder(Path model, int intraOpThreads, int interOpThreads) {
        this(model, intraOpThreads, interOpThreads, true, OptionalInt.empty());
    }

    /**
     * @param cpuArena whether ONNX Runtime keeps a memory arena (faster; holds peak activations for good)
     * @param cudaDevice the GPU to run on through ONNX Runtime's CUDA provider; empty: the CPU
     */
    public OnnxEmbedder(Path model, int intraOpThreads, int interOpThreads, boolean cpuArena, OptionalInt cudaDevice) {
        env = OrtEnvironment.getEnvironment();
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
            session = env.createSession(model.toString(), options);
            keepMemory = new OrtSession.RunOptions();
            releaseMemory = new OrtSession.RunOptions();
            // Frees the arena's unused regions when the run ends (ONNX Runtime's run-config key).
            releaseMemory.addRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the ONNX model " + model + ": " + e.getMessage(), e);
        }
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
        long[] inputIds = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(ids[i], 0, inputIds, i * length, ids[i].length);
            for (int j = 0; j < ids[i].length; j++) {
                mask[i * length + j] = 1;
            }
        }
        long[] shape = {batch, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                        "token_type_ids", typeTensor), release ? releaseMemory : keepMemory)) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            int dims = ModelVariant.DIMENSIONS;
            float[][] vectors = new float[batch][dims];
            for (int i = 0; i < batch; i++) {
                int base = i * length * dims;
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
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + ": " + e.getMessage(), e);
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
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
