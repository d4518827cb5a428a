package dev.corvid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.model.BgeTokenizer;
import dev.corvid.embedding.model.ModelFiles;
import dev.corvid.embedding.model.ModelVariant;
import dev.corvid.embedding.model.OnnxEmbedder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raw B in a process of its own, for {@code bench/embedding-cpu.sh}: one single-threaded ONNX Runtime session shared
 * by one thread per core, the texts tokenized, sorted by length and cut into the service's token-budget batches
 * ({@link EmbeddingRuns#sorted}), repeated over the same texts for at least the given seconds. Prints one JSON line:
 * texts embedded, wall seconds and this process's CPU seconds over the measured passes (tokenizing included, as the
 * service tokenizes too).
 *
 * <p>Arguments: {@code fp32|int8 <texts.json> short|chunks <seconds> <model-dir> [budget]}; texts.json is the file
 * {@code bench/embedding-compare.js} writes ({@code {"texts": {"short": [...], "chunks": [...]}}}).
 */
public final class RawEmbeddingLoad {

    private RawEmbeddingLoad() {
    }

    public static void main(String[] args) throws Exception {
        ModelVariant variant = ModelVariant.valueOf(args[0].toUpperCase(Locale.ROOT));
        JsonNode node = new ObjectMapper().readTree(Path.of(args[1]).toFile());
        List<String> texts = new ArrayList<>();
        node.path("texts").path(args[2]).forEach(t -> texts.add(t.asText()));
        double seconds = Double.parseDouble(args[3]);
        ModelFiles.Paths files = ModelFiles.extract(variant, Path.of(args[4]));
        int budget = args.length > 5 ? Integer.parseInt(args[5]) : 512;
        int cores = Runtime.getRuntime().availableProcessors();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (BgeTokenizer tokenizer = new BgeTokenizer(files.tokenizer());
                OnnxEmbedder single = new OnnxEmbedder(files.model(), 1, 1)) {
            // Warm-up: JIT, ONNX Runtime's arena at every batch shape.
            EmbeddingRuns.sorted(single, tokenizer, texts, budget, 64, cores);
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            long done = 0;
            do {
                EmbeddingRuns.sorted(single, tokenizer, texts, budget, 64, cores);
                done += texts.size();
            } while (System.nanoTime() - start < seconds * 1e9);
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            List<long[][]> batches = EmbeddingRuns.batches(tokenizer, texts, budget, 64);
            long padded = 0;
            for (long[][] batch : batches) {
                padded += (long) batch.length * batch[batch.length - 1].length;
            }
            double tokens = EmbeddingRuns.meanTokens(tokenizer, texts);
            System.out.printf(Locale.ROOT, "{\"variant\": \"%s\", \"shape\": \"%s\", \"texts\": %d, \"wall\": %.3f,"
                    + " \"cpu\": %.3f, \"tokens\": %.2f, \"cores\": %d, \"batchSize\": %.2f, \"padding\": %.4f}%n",
                    variant.modelName, args[2], done, wall, cpu, tokens, cores, texts.size() / (double) batches.size(),
                    padded / (tokens * texts.size()));
        }
    }
}
