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
import java.util.OptionalInt;

/**
 * Raw B in a process of its own, for {@code bench/embedding-cpu.sh}: one single-threaded ONNX Runtime session shared
 * by one thread per core, the texts tokenized, sorted by length and cut into the service's token-budget batches
 * ({@link EmbeddingRuns#sorted}), repeated over the same texts for at least the given seconds. Two sessions take
 * turns, a pass over the texts each: the model as shipped, and the CLS-row graph the service runs
 * ({@code ClsGraph}), so both are measured in the same minutes. Prints one JSON line per graph: texts embedded, wall
 * seconds and this process's CPU seconds over its passes (tokenizing included, as the service tokenizes too).
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
                OnnxEmbedder shipped = new OnnxEmbedder(files.model(), 1, 1, true, OptionalInt.empty(), false);
                OnnxEmbedder clsRows = new OnnxEmbedder(files.model(), 1, 1)) {
            OnnxEmbedder[] graphs = {shipped, clsRows};
            String[] names = {"shipped", "cls"};
            long[] done = new long[2];
            long[] wallNanos = new long[2];
            long[] cpuNanos = new long[2];
            // Warm-up: JIT, ONNX Runtime's arena at every batch shape.
            for (OnnxEmbedder graph : graphs) {
                EmbeddingRuns.sorted(graph, tokenizer, texts, budget, 64, cores);
            }
            while (Math.min(wallNanos[0], wallNanos[1]) < seconds * 1e9) {
                for (int g = 0; g < 2; g++) {
                    long cpuStart = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    EmbeddingRuns.sorted(graphs[g], tokenizer, texts, budget, 64, cores);
                    wallNanos[g] += System.nanoTime() - start;
                    cpuNanos[g] += os.getProcessCpuTime() - cpuStart;
                    done[g] += texts.size();
                }
            }
            List<long[][]> batches = EmbeddingRuns.batches(tokenizer, texts, budget, 64);
            long padded = 0;
            for (long[][] batch : batches) {
                padded += (long) batch.length * batch[batch.length - 1].length;
            }
            double tokens = EmbeddingRuns.meanTokens(tokenizer, texts);
            for (int g = 0; g < 2; g++) {
                System.out.printf(Locale.ROOT, "{\"variant\": \"%s\", \"shape\": \"%s\", \"graph\": \"%s\","
                        + " \"texts\": %d, \"wall\": %.3f, \"cpu\": %.3f, \"tokens\": %.2f, \"cores\": %d,"
                        + " \"batchSize\": %.2f, \"padding\": %.4f}%n", variant.modelName, args[2], names[g], done[g],
                        wallNanos[g] / 1e9, cpuNanos[g] / 1e9, tokens, cores, texts.size() / (double) batches.size(),
                        padded / (tokens * texts.size()));
            }
        }
    }
}
