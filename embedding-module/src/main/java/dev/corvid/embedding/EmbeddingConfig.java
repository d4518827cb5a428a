package dev.corvid.embedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** Settings of the embedding module, under {@code corvid.embedding}. */
@ConfigMapping(prefix = "corvid.embedding")
public interface EmbeddingConfig {

    /**
     * {@code fp32} (reference precision), {@code int8} (cosine ≥ 0.99 to fp32 on the English reference texts, lower
     * on other scripts; 2.8–3.0× fp32 through the service with AMX, 2.0–2.2× with AVX-512 VNNI alone), or
     * {@code auto}: int8 where the CPU has integer matrix units (AMX, AVX-512 VNNI or AVX-VNNI) and int8 passes the
     * quality check on the reference texts when the model loads, else fp32. See docs/benchmarks/embedding-cpu.md.
     */
    @WithDefault("fp32")
    Model model();

    /** The model setting. */
    enum Model {
        FP32,
        INT8,
        /** int8 where the processor has 8-bit dot-product units and its quality check passes at load, else fp32. */
        AUTO
    }

    /**
     * When the model loads: {@code startup} (the default: the first request is not slow, and a broken model or GPU
     * set-up stops the start) or {@code first-use}: with the first request that embeds or tokenizes, on a worker
     * thread (1-3 s on that request; a failure answers 503 and the next request tries again). A platform that serves
     * only Discord replies without {@code discord-on-topic} then never holds the model's memory (about 130 MB for
     * fp32; docs/benchmarks/discord-memory.md).
     */
    @WithDefault("startup")
    Load load();

    /** The load setting. */
    enum Load {
        STARTUP,
        FIRST_USE
    }

    /**
     * Where inference runs: {@code cpu}, or {@code cuda} for ONNX Runtime's CUDA provider. CUDA needs the GPU build of
     * ONNX Runtime (build with {@code -Pgpu}, or point {@code -Donnxruntime.native.path} at its native libraries) and
     * CUDA 12 with cuDNN 9 on the host; a build or host without them fails at start-up. See docs/configuration.md.
     */
    @WithDefault("cpu")
    Provider provider();

    /** Where inference runs. */
    enum Provider {
        CPU,
        /** ONNX Runtime's CUDA execution provider on {@code corvid.embedding.cuda-device}. */
        CUDA
    }

    /** The GPU the CUDA provider runs on. */
    @WithDefault("0")
    int cudaDevice();

    /** Where the ONNX model and tokenizer are extracted at start-up (once; reused while their size matches). */
    @WithDefault("data/models")
    String modelDir();

    /** Longest input text in characters; longer is a 400 naming the item. */
    @WithDefault("50000")
    int maxInputChars();

    /** Most texts in one request (OpenAI's own limit). */
    @WithDefault("2048")
    int maxItems();

    /** A request still waiting or running after this long fails with 503; its queued texts are dropped. */
    @WithDefault("30S")
    Duration requestTimeout();

    /** Dynamic batching. */
    Batch batch();

    /** The inference worker pool and its controller. */
    Pool pool();

    /** The content-hash cache of vectors. */
    Cache cache();

    /** Bulk jobs. */
    Jobs jobs();

    interface Batch {
        /**
         * Token budget of one batch: texts × padded length (the longest text in it) stays at or under this; a text
         * longer than the budget goes alone. Small batches are faster per text on CPU (they stay in the core's cache:
         * 2 × 256-token texts 28.3/s against 22.0/s for 32 of them, two single-threaded workers) and bound ONNX
         * Runtime's activation memory, which grows with texts × length² (8 × 512 tokens took 300 MB, 2 × 256 under
         * 30 MB). 256 rather than 512 (issue 15): batches of about ten 25-token sentences pad less from the few
         * texts a queue holds (1.03 padded tokens per real token against 1.08) and cost 8 % less CPU per text, while
         * 256-token chunks run one per batch at the same speed. See docs/benchmarks/embedding-cpu.md.
         */
        @WithDefault("256")
        int maxTokens();

        /** Most texts in one batch. */
        @WithDefault("64")
        int maxSize();

        /** Texts that may wait for a worker, over all requests; a request that would exceed it gets 429. */
        @WithDefault("16384")
        int queueCapacity();
    }

    /** How the pool starts. */
    enum Profile {
        /** One worker, growing with CPU and memory headroom: a machine shared with other work. */
        LOCAL,
        /** Every worker at once: a machine (or container) of its own. */
        CLOUD
    }

    interface Pool {
        /** {@code local}: start with one worker and grow with headroom; {@code cloud}: start at the maximum. */
        @WithDefault("local")
        Profile profile();

        /** Most workers; default: the number of cores. */
        OptionalInt maxWorkers();

        /** ONNX Runtime intra-op threads per worker. */
        @WithDefault("1")
        int intraOpThreads();

        /**
         * Whether ONNX Runtime keeps its CPU memory arena. Without it memory is returned after each batch, but glibc's
         * fragmentation made the peak RSS higher in the benchmark (799 against 596 MB), so it stays on.
         */
        @WithDefault("true")
        boolean cpuArena();

        /** How often the controller reads CPU and memory. */
        @WithDefault("1S")
        Duration sampleInterval();

        /** Stop growing the pool at this CPU load (0–1). */
        @WithDefault("0.69")
        double cpuStop();

        /** Grow again once CPU load falls below this. */
        @WithDefault("0.50")
        double cpuResume();

        /** Stop growing (and shed a worker) at this fraction of the memory limit, now or two samples ahead. */
        @WithDefault("0.80")
        double memoryStop();

        /** Grow again below this fraction. */
        @WithDefault("0.70")
        double memoryResume();

        /**
         * The memory the controller measures against, in MB; default: the cgroup limit when there is one, else the
         * machine's memory. Lower it to rehearse a memory squeeze.
         */
        OptionalInt memoryLimitMb();

        /** Emergency mode (one worker, small batches) at this fraction, now or two samples ahead. */
        @WithDefault("0.90")
        double memoryEmergency();

        /** Calm samples (memory below the resume fraction) before emergency mode ends. */
        @WithDefault("10")
        int recoverySamples();

        /** Token budget per batch while in emergency mode (at most the normal one). */
        @WithDefault("128")
        int emergencyMaxTokens();
    }

    interface Cache {
        /** Heap the cached vectors may take; 0 turns the cache off. */
        @WithDefault("64")
        int maxMemoryMb();
    }

    interface Jobs {
        /** Most texts in one bulk job. */
        @WithDefault("100000")
        int maxTexts();

        /** Finished jobs' results are kept this long for download. */
        @WithDefault("1H")
        Duration retention();
    }
}
