package dev.corvid.embedding.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.corvid.embedding.EmbeddingConfig;
import dev.corvid.embedding.EmbeddingException;
import dev.corvid.embedding.EmbeddingMetrics;
import dev.corvid.embedding.EmbeddingModule;
import dev.corvid.embedding.model.BgeTokenizer;
import dev.corvid.embedding.model.CpuFeatures;
import dev.corvid.embedding.model.Int8Check;
import dev.corvid.embedding.model.ModelChoice;
import dev.corvid.embedding.model.ModelFiles;
import dev.corvid.embedding.model.ModelVariant;
import dev.corvid.embedding.model.OnnxEmbedder;
import dev.corvid.embedding.model.Pooling;
import dev.corvid.embedding.pool.InferencePool;
import dev.corvid.embedding.pool.PoolController;
import dev.corvid.embedding.pool.PoolState;
import dev.corvid.embedding.pool.SystemSampler;
import dev.corvid.platform.api.flags.FeatureFlags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Embeds texts with BGE-small: validates, tokenizes, serves repeats from the content-hash cache, and queues the
 * rest on the adaptive {@link InferencePool}. The model loads at start-up, so the first request is not slow.
 */
@ApplicationScoped
public class EmbeddingService {

    private static final Logger LOG = Logger.getLogger(EmbeddingService.class);

    private final EmbeddingConfig config;
    private final FeatureFlags flags;
    private final MeterRegistry registry;
    /** The loaded model: {@code corvid.embedding.model}, or what {@code auto} chose when it loaded. */
    private volatile ModelVariant variant;
    private volatile ModelChoice choice;
    /** The GPU to run on, or empty for the CPU. */
    private final OptionalInt cudaDevice;
    private BgeTokenizer tokenizer;
    private OnnxEmbedder embedder;
    /** Set last by {@link #load()}: once it is there, the model, its choice and its session are too. */
    private volatile InferencePool pool;
    /** Set by {@link #stop}: a first-use load no longer starts (it would outlive the shutdown). */
    private boolean stopped;
    private Cache<Key, float[]> cache;

    /** A content hash: 128 bits of SHA-256 over the model, the options that change a vector, and the text. */
    private record Key(long high, long low) {
    }

    EmbeddingService(EmbeddingConfig config, FeatureFlags flags, MeterRegistry registry) {
        this.config = config;
        this.flags = flags;
        this.registry = registry;
        this.cudaDevice = switch (config.provider()) {
            case CPU -> OptionalInt.empty();
            case CUDA -> OptionalInt.of(config.cudaDevice());
        };
    }

    void start(@Observes StartupEvent event) {
        // Both variants share one tokenizer.json; the tokenizer is small and always loads.
        tokenizer = new BgeTokenizer(ModelFiles.tokenizer(config.model() == EmbeddingConfig.Model.FP32
                ? ModelVariant.FP32 : ModelVariant.INT8, Path.of(config.modelDir())));
        cache = Caffeine.newBuilder().maximumWeight(Math.max(1, config.cache().maxMemoryMb()) * 1024L * 1024L)
                .weigher((Key k, float[] v) -> 64 + 4 * v.length).recordStats().build();
        FunctionCounter.builder(EmbeddingMetrics.CACHE_REQUESTS, cache, c -> c.stats().hitCount())
                .tag("result", "hit").register(registry);
        FunctionCounter.builder(EmbeddingMetrics.CACHE_REQUESTS, cache, c -> c.stats().missCount())
                .tag("result", "miss").register(registry);
        if (config.load() == EmbeddingConfig.Load.STARTUP) {
            load();
        } else {
            LOG.info("The embedding model loads with the first request that needs it (load=first-use)");
        }
    }

    /** The model and its worker pool, loaded now if they are not yet (corvid.embedding.load=first-use). */
    private InferencePool pool() {
        InferencePool loaded = pool;
        if (loaded != null) {
            return loaded;
        }
        try {
            load();
        } catch (RuntimeException e) {
            LOG.error("The embedding model could not be loaded", e);
            throw new EmbeddingException.Unavailable("The embedding model could not be loaded: " + e.getMessage());
        }
        return pool;
    }

    /** Loads the model (auto: chooses it) and starts its worker pool, once. */
    private synchronized void load() {
        if (pool != null) {
            return;
        }
        if (stopped) {
            throw new IllegalStateException("the platform is stopping");
        }
        long start = System.nanoTime();
        EmbeddingConfig.Pool p = config.pool();
        // auto loads int8 to check it; that session is kept when int8 is chosen.
        OnnxEmbedder[] checked = new OnnxEmbedder[1];
        ModelChoice chosen;
        OnnxEmbedder session;
        try {
            chosen = switch (config.model()) {
                case FP32 -> ModelChoice.fixed(ModelVariant.FP32);
                case INT8 -> ModelChoice.fixed(ModelVariant.INT8);
                case AUTO -> ModelChoice.auto(cudaDevice.isPresent(), CpuFeatures.read(), () -> Int8Check.run(
                        checked[0] = session(ModelVariant.INT8), tokenizer, Int8Check.MIN_COSINE));
            };
            session = checked[0] != null && chosen.variant() == ModelVariant.INT8 ? checked[0]
                    : session(chosen.variant());
        } catch (RuntimeException e) {
            if (checked[0] != null) {
                checked[0].close(); // a first-use load is tried again: do not keep a session per failed try
            }
            throw e;
        }
        if (checked[0] != null && checked[0] != session) {
            checked[0].close();
        }
        if (config.model() == EmbeddingConfig.Model.AUTO) {
            LOG.info(chosen.reason());
        }
        choice = chosen;
        variant = chosen.variant();
        embedder = session;
        int cores = Runtime.getRuntime().availableProcessors();
        int max = p.maxWorkers().orElse(cores);
        boolean cloud = p.profile() == EmbeddingConfig.Profile.CLOUD;
        PoolController controller = new PoolController(new PoolController.Settings(1, max, cloud ? max : 1,
                config.batch().maxTokens(), p.emergencyMaxTokens(), p.cpuStop(), p.cpuResume(), p.memoryStop(),
                p.memoryResume(), p.memoryEmergency(), p.recoverySamples()));
        SystemSampler sampler = new SystemSampler(p.memoryLimitMb().orElse(0) * 1024L * 1024L);
        DistributionSummary batchSize = DistributionSummary.builder(EmbeddingMetrics.BATCH_SIZE)
                .description("Texts per inference batch").publishPercentileHistogram().register(registry);
        DistributionSummary batchTokens = DistributionSummary.builder(EmbeddingMetrics.BATCH_TOKENS)
                .description("Padded tokens per batch").publishPercentileHistogram().register(registry);
        Timer queueWait = Timer.builder(EmbeddingMetrics.QUEUE_WAIT).description("Time a text waited for a worker")
                .register(registry);
        Timer inference = Timer.builder(EmbeddingMetrics.INFERENCE).description("ONNX Runtime time per batch")
                .register(registry);
        Counter texts = Counter.builder(EmbeddingMetrics.TEXTS).description("Texts embedded by the model")
                .register(registry);
        Counter tokens = Counter.builder(EmbeddingMetrics.TOKENS).description("Tokens embedded by the model")
                .register(registry);
        InferencePool started = new InferencePool(embedder::embed, controller, sampler, (n, padded, real, nanos,
                waits) -> {
            batchSize.record(n);
            batchTokens.record(padded);
            inference.record(nanos, TimeUnit.NANOSECONDS);
            for (long wait : waits) {
                queueWait.record(wait, TimeUnit.NANOSECONDS);
            }
            texts.increment(n);
            tokens.increment(real);
        }, config.batch().maxSize(), config.batch().queueCapacity(), max, p.sampleInterval());
        Gauge.builder(EmbeddingMetrics.WORKERS, started, p2 -> p2.status().workers()).register(registry);
        Gauge.builder(EmbeddingMetrics.QUEUED, started, p2 -> p2.status().queued()).register(registry);
        Gauge.builder(EmbeddingMetrics.CPU, started, p2 -> p2.status().cpu()).register(registry);
        Gauge.builder(EmbeddingMetrics.MEMORY, started, p2 -> p2.status().memory()).register(registry);
        Gauge.builder(EmbeddingMetrics.MEMORY_PREDICTED, started, p2 -> p2.status().predictedMemory())
                .register(registry);
        for (PoolState state : PoolState.values()) {
            Gauge.builder(EmbeddingMetrics.STATE, started, p2 -> p2.status().state() == state ? 1 : 0)
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        LOG.infof("Embedding model %s loaded on %s in %d ms (%s profile, up to %d workers, memory limit %d MB; %s)",
                variant.modelName, provider(), (System.nanoTime() - start) / 1_000_000, cloud ? "cloud" : "local",
                max, sampler.limitBytes() >> 20, embedder.clsRows()
                        ? "CLS pooling runs the CLS-row graph, mean pooling loads the full graph when first asked"
                        : "the full graph for every batch");
        pool = started;
    }

    private OnnxEmbedder session(ModelVariant model) {
        EmbeddingConfig.Pool p = config.pool();
        return new OnnxEmbedder(ModelFiles.model(model, Path.of(config.modelDir())), p.intraOpThreads(), 1,
                p.cpuArena(), cudaDevice);
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (pool != null) {
            // A worker may be inside ONNX Runtime: its session (native memory) is freed only after the batch ends.
            if (pool.close(config.requestTimeout())) {
                embedder.close();
            } else {
                LOG.warn("Embedding workers still running at shutdown; the ONNX Runtime session is left to the exit");
            }
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /**
     * The name of the model: the loaded one, the configured one before a first-use load, or for {@code auto} before
     * it chose, both names (the tokenizer, the same for both, works already).
     */
    public String modelName() {
        ModelVariant known = knownVariant();
        return known != null ? known.modelName : ModelVariant.FP32.modelName + " or " + ModelVariant.INT8.modelName
                + " (auto chooses when the model loads)";
    }

    /** Why this model: {@code configured}, or what {@code auto} found when the model loaded. */
    public String modelChoice() {
        ModelChoice made = choice;
        return made != null ? made.reason() : "not loaded yet: the model loads with the first request that needs it"
                + " (corvid.embedding.load=first-use)";
    }

    /** The loaded model, else the configured one, else (auto before a first-use load) null. */
    private ModelVariant knownVariant() {
        ModelVariant loaded = variant;
        if (loaded != null) {
            return loaded;
        }
        return switch (config.model()) {
            case FP32 -> ModelVariant.FP32;
            case INT8 -> ModelVariant.INT8;
            case AUTO -> null;
        };
    }

    /** Where inference runs: {@code cpu} or {@code cuda:<device>}. */
    public String provider() {
        return cudaDevice.isPresent() ? "cuda:" + cudaDevice.getAsInt() : "cpu";
    }

    /**
     * Whether {@code name} names the model (its own name, or the Hugging Face id); before {@code auto} chose, either
     * variant's name.
     */
    public boolean servesModel(String name) {
        ModelVariant known = knownVariant();
        return name == null || name.equals("BAAI/bge-small-en-v1.5") || name.equals("bge-small-en-v1.5")
                || (known != null ? name.equals(known.modelName) : name.equals(ModelVariant.INT8.modelName));
    }

    /** The worker pool's state; null before a first-use load. */
    public InferencePool.Status status() {
        InferencePool loaded = pool;
        return loaded == null ? null : loaded.status();
    }

    /**
     * Embeds texts in order; fails with 400 naming the first bad one, 429 when the queue is full. The check (up to
     * 2,048 texts of 50,000 characters) runs on a worker thread, never on the event loop.
     */
    public Uni<Embedded> embed(List<String> texts, EmbedOptions options) {
        return Uni.createFrom().item(() -> {
            validate(texts);
            return texts;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).chain(valid -> embedValidated(valid, options));
    }

    /** {@link #embed} for texts already checked with {@link #validate(List, int, String)} (a job's chunks). */
    public Uni<Embedded> embedValidated(List<String> texts, EmbedOptions options) {
        if (options.dimensions() != null && (options.dimensions() < 1
                || options.dimensions() > ModelVariant.DIMENSIONS)) {
            throw new EmbeddingException.InvalidInput("dimensions must be 1 to " + ModelVariant.DIMENSIONS + ", was "
                    + options.dimensions() + ".");
        }
        return Uni.createFrom().item(() -> {
            // First use: the model loads here, on a worker thread, before cache keys name the model.
            pool();
            return prepare(texts, options);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(prepared -> {
                    if (prepared.missing.isEmpty()) {
                        return Uni.createFrom().item(prepared.finish(options));
                    }
                    return Uni.createFrom().completionStage(() -> pool.submit(prepared.missingIds, options.pooling(),
                            options.normalize(), config.requestTimeout()))
                            .onFailure(CompletionException.class).transform(Throwable::getCause)
                            .map(vectors -> {
                                for (int i = 0; i < vectors.length; i++) {
                                    int at = prepared.missing.get(i);
                                    prepared.vectors[at] = vectors[i];
                                    if (prepared.keys != null) {
                                        cache.put(prepared.keys[at], vectors[i]);
                                    }
                                }
                                return prepared.finish(options);
                            });
                });
    }

    /** Tokenized texts, ids exactly as the model would see them. */
    public List<Tokenized> tokenize(List<String> texts, boolean truncate) {
        validate(texts);
        List<Tokenized> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            Encoding encoding = tokenizer.encoding(text, truncate);
            out.add(new Tokenized(encoding.getIds(), Arrays.asList(encoding.getTokens()),
                    truncate && encoding.getIds().length >= ModelVariant.MAX_TOKENS
                            && tokenizer.wholeIds(text).length > ModelVariant.MAX_TOKENS));
        }
        return out;
    }

    private final class Prepared {
        final float[][] vectors;
        final Key[] keys;
        final List<Integer> missing = new ArrayList<>();
        final List<long[]> missingIds = new ArrayList<>();
        int tokens;

        Prepared(int size, boolean cached) {
            vectors = new float[size][];
            keys = cached ? new Key[size] : null;
        }

        Embedded finish(EmbedOptions options) {
            List<float[]> out = new ArrayList<>(vectors.length);
            for (float[] v : vectors) {
                float[] copy = options.dimensions() == null ? v : Arrays.copyOf(v, options.dimensions());
                if (options.dimensions() != null && options.normalize()) {
                    OnnxEmbedder.normalize(copy);
                }
                out.add(copy);
            }
            return new Embedded(variant.modelName, out, tokens);
        }
    }

    private Prepared prepare(List<String> texts, EmbedOptions options) {
        boolean useCache = config.cache().maxMemoryMb() > 0 && flags.isEnabled(EmbeddingModule.CACHE.name());
        Prepared prepared = new Prepared(texts.size(), useCache);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            long[] ids = options.truncate() ? tokenizer.ids(text) : tokenizer.wholeIds(text);
            if (ids.length > ModelVariant.MAX_TOKENS) {
                throw new EmbeddingException.InvalidInput("Input " + i + " has " + ids.length + " tokens; the model"
                        + " takes " + ModelVariant.MAX_TOKENS + ". Shorten it, or allow truncation.", i);
            }
            prepared.tokens += ids.length;
            if (useCache) {
                Key key = key(text, options);
                prepared.keys[i] = key;
                float[] hit = cache.getIfPresent(key);
                if (hit != null) {
                    prepared.vectors[i] = hit;
                    continue;
                }
            }
            prepared.missing.add(i);
            prepared.missingIds.add(ids);
        }
        return prepared;
    }

    private Key key(String text, EmbedOptions options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((variant.name() + '|' + options.pooling() + '|' + options.normalize() + '|'
                    + options.truncate() + '|').getBytes(StandardCharsets.UTF_8));
            byte[] d = sha.digest(text.getBytes(StandardCharsets.UTF_8));
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (d[i] & 0xFF);
                low = (low << 8) | (d[8 + i] & 0xFF);
            }
            return new Key(high, low);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void validate(List<String> texts) {
        validate(texts, config.maxItems(), "per request (use /api/v1/embeddings/jobs for more)");
    }

    /**
     * Checks texts for a request or a job of at most {@code maxItems}; a 400 names the first bad one. Control
     * characters are text: the tokenizer's BERT normalizer drops them, as Hugging Face tokenizers, OpenAI and TEI
     * do. Only what is not text at all, a lone surrogate, is refused.
     */
    public void validate(List<String> texts, int maxItems, String limitName) {
        if (texts == null || texts.isEmpty()) {
            throw new EmbeddingException.InvalidInput("input is empty: send a string or a non-empty array of strings.");
        }
        if (texts.size() > maxItems) {
            throw new EmbeddingException.InvalidInput("input has " + texts.size() + " items; at most " + maxItems
                    + " " + limitName + ".");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new EmbeddingException.InvalidInput("Input " + i + " is null; every item must be a string.", i);
            }
            if (text.isEmpty()) {
                throw new EmbeddingException.InvalidInput("Input " + i + " is an empty string.", i);
            }
            if (text.length() > config.maxInputChars()) {
                throw new EmbeddingException.InvalidInput("Input " + i + " has " + text.length()
                        + " characters; the limit is " + config.maxInputChars() + " (corvid.embedding.max-input-chars).",
                        i);
            }
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (Character.isSurrogate(ch) && (Character.isHighSurrogate(ch) ? c + 1 >= text.length()
                        || !Character.isLowSurrogate(text.charAt(c + 1)) : c == 0
                        || !Character.isHighSurrogate(text.charAt(c - 1)))) {
                    throw new EmbeddingException.InvalidInput("Input " + i + " is not valid Unicode: a lone surrogate"
                            + " at position " + c + ".", i);
                }
            }
        }
    }
}
