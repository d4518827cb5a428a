package dev.corvid.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.model.BgeTokenizer;
import dev.corvid.embedding.model.ModelFiles;
import dev.corvid.embedding.model.ModelVariant;
import dev.corvid.embedding.model.OnnxEmbedder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * ONNX Runtime's CUDA provider: the model called directly on the GPU (texts sorted by length, batches cut at the
 * service's token budget) beside the service path of a running platform, on texts picked from the Brown corpus the
 * way {@code bench/embedding-compare.js} picks them (short sentences and 256-token chunks), each repeated with a
 * numbered prefix so the service's content-hash cache never answers. Not a test: {@code bench/embedding-gpu.sh} runs
 * it as a plain program on a machine with a GPU (the CI machine has none) and prints markdown table rows.
 *
 * <p>Arguments: {@code raw <brown.jsonl> <budget> <max-batch> <repeat>} or
 * {@code service <brown.jsonl> <url> <clients> <repeat> <label>}.
 */
public final class EmbeddingGpuBenchmark {

    private EmbeddingGpuBenchmark() {
    }

    /** Short sentences (80–130 characters) and chunks (consecutive sentences joined to 1,100–1,300 characters). */
    record Texts(List<String> shortTexts, List<String> chunks) {
        static Texts pick(Path brown, int repeat) throws IOException {
            ObjectMapper json = new ObjectMapper();
            List<String> sentences = new ArrayList<>();
            for (String line : Files.readAllLines(brown)) {
                if (!line.isBlank()) {
                    sentences.add(json.readTree(line).path("content").asText());
                }
            }
            List<String> shortTexts = sentences.stream().filter(s -> s.length() >= 80 && s.length() <= 130)
                    .limit(1024).toList();
            List<String> chunks = new ArrayList<>();
            String chunk = "";
            for (String s : sentences) {
                chunk = chunk.isEmpty() ? s : chunk + " " + s;
                if (chunk.length() > 1300) {
                    chunk = "";
                } else if (chunk.length() >= 1100) {
                    chunks.add(chunk);
                    chunk = "";
                }
                if (chunks.size() == 256) {
                    break;
                }
            }
            return new Texts(repeated(shortTexts, repeat), repeated(chunks, repeat));
        }

        private static List<String> repeated(List<String> texts, int times) {
            List<String> out = new ArrayList<>(texts.size() * times);
            for (int round = 0; round < times; round++) {
                for (String text : texts) {
                    out.add(round == 0 ? text : "#" + round + " " + text);
                }
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        Texts texts = Texts.pick(Path.of(args[1]), Integer.parseInt(args[4]));
        switch (args[0]) {
            case "raw" -> raw(texts, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "service" -> service(texts, URI.create(args[2]), Integer.parseInt(args[3]), args[5]);
            default -> throw new IllegalArgumentException("raw or service, not " + args[0]);
        }
    }

    private static void raw(Texts texts, int budget, int maxBatch) throws Exception {
        ModelFiles.Paths files = ModelFiles.extract(ModelVariant.FP32, Path.of("data/models"));
        try (BgeTokenizer tokenizer = new BgeTokenizer(files.tokenizer());
                OnnxEmbedder gpu = new OnnxEmbedder(files.model(), 1, 1, true, OptionalInt.of(0))) {
            EmbeddingRuns.sorted(gpu, tokenizer, texts.shortTexts(), budget, maxBatch, 1); // warm-up
            EmbeddingRuns.sorted(gpu, tokenizer, texts.chunks(), budget, maxBatch, 1);
            for (int threads : new int[] {1, 2, 4}) {
                row(String.format(Locale.ROOT, "raw ONNX Runtime CUDA, %d thread%s", threads, threads > 1 ? "s" : ""),
                        EmbeddingRuns.sorted(gpu, tokenizer, texts.shortTexts(), budget, maxBatch, threads),
                        EmbeddingRuns.sorted(gpu, tokenizer, texts.chunks(), budget, maxBatch, threads));
            }
            row("raw ONNX Runtime CUDA, batches of 32 in given order, 1 thread",
                    EmbeddingRuns.raw(gpu, tokenizer, texts.shortTexts(), EmbeddingRuns.PER_REQUEST),
                    EmbeddingRuns.raw(gpu, tokenizer, texts.chunks(), EmbeddingRuns.PER_REQUEST));
            System.out.printf(Locale.ROOT, "<!-- tokens: short %.1f, chunks %.0f -->%n",
                    EmbeddingRuns.meanTokens(tokenizer, texts.shortTexts()),
                    EmbeddingRuns.meanTokens(tokenizer, texts.chunks()));
        }
    }

    private static void service(Texts texts, URI url, int clients, String label) throws Exception {
        EmbeddingRuns.service(url, texts.shortTexts().subList(0, 2048), clients); // warm-up: JIT, arenas, pool growth
        EmbeddingRuns.service(url, texts.chunks().subList(0, 512), clients);
        row(label, EmbeddingRuns.service(url, texts.shortTexts(), clients),
                EmbeddingRuns.service(url, texts.chunks(), clients));
    }

    private static void row(String label, double shortPerSecond, double chunksPerSecond) {
        System.out.printf(Locale.ROOT, "| %s | %.0f/s | %.0f/s |%n", label, shortPerSecond, chunksPerSecond);
    }
}
