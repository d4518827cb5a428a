package dev.corvid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.model.BgeTokenizer;
import dev.corvid.embedding.model.ModelFiles;
import dev.corvid.embedding.model.ModelVariant;
import dev.corvid.embedding.model.OnnxEmbedder;
import dev.corvid.embedding.model.Pooling;
import dev.corvid.embedding.pool.SystemSampler;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Embedding throughput: raw ONNX Runtime (the model called directly, batch 32, all cores) beside the full service
 * path (HTTP, JSON, validation, the batching queue and the adaptive pool) on the same texts in the same run: short
 * texts (Brown sentences of about 20 tokens) and 256-token chunks. Also the process RSS under that load.
 *
 * <p>Run: {@code ./corvid bench embedding}. Writes {@code docs/benchmarks/embedding.md}.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(EmbeddingBenchmark.Server.class)
class EmbeddingBenchmark {

    /** A server deployment: the pool starts at every core (the local profile keeps CPU headroom by design). */
    public static class Server implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("corvid.embedding.pool.profile", "cloud");
        }
    }

    private static final int SHORT = Integer.getInteger("corvid.bench.short", 2048);
    private static final int CHUNKS = Integer.getInteger("corvid.bench.chunks", 256);
    private static final int BATCH = 32;

    @TestHTTPResource("/v1/embeddings")
    URI endpoint;

    private record Corpus(List<String> texts, double meanTokens) {
    }

    private static double meanTokens(BgeTokenizer tokenizer, List<String> texts) {
        return texts.stream().mapToInt(t -> tokenizer.ids(t).length).average().orElse(0);
    }

    private static double raw(OnnxEmbedder model, BgeTokenizer tokenizer, List<String> texts) {
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
            long[][] ids = batch.stream().map(tokenizer::ids).toArray(long[][]::new);
            model.embed(ids, Pooling.CLS, true);
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    private double service(List<String> texts, int clients) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += BATCH) {
            bodies.add(json.writeValueAsString(Map.of("input", texts.subList(from, Math.min(texts.size(),
                    from + BATCH)))));
        }
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(pool.submit(() -> http.send(HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> f : done) {
                if (f.get() != 200) {
                    throw new IllegalStateException("status " + f.get());
                }
            }
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    @Test
    void embedding() throws Exception {
        ModelFiles.Paths files = ModelFiles.extract(ModelVariant.FP32, Path.of("target/bench-models"));
        List<String> report = new ArrayList<>();
        try (BgeTokenizer tokenizer = new BgeTokenizer(files.tokenizer());
                OnnxEmbedder model = new OnnxEmbedder(files.model(), Runtime.getRuntime().availableProcessors(), 1)) {
            JsonNode node = new ObjectMapper().readTree(Path.of("target/embedding-node.json").toFile());
            List<String> shortTexts = new ArrayList<>();
            node.path("texts").path("short").forEach(t -> shortTexts.add(t.asText()));
            List<String> chunks = new ArrayList<>();
            node.path("texts").path("chunks").forEach(t -> chunks.add(t.asText()));
            // Warm-up: JIT, ONNX Runtime arenas, the pool's growth.
            raw(model, tokenizer, shortTexts.subList(0, 256));
            service(shortTexts.subList(0, 512), 4);
            double rawShort = raw(model, tokenizer, shortTexts);
            double serviceShort = service(shortTexts, 4);
            long rssShort = SystemSampler.residentBytes();
            double rawChunks = raw(model, tokenizer, chunks);
            double serviceChunks = service(chunks, 4);
            long rssChunks = SystemSampler.residentBytes();
            double fastShort = node.path("fastembed").path("short").asDouble();
            double fastChunks = node.path("fastembed").path("chunks").asDouble();
            double tjsShort = node.path("transformers").path("short").asDouble();
            double tjsChunks = node.path("transformers").path("chunks").asDouble();
            report.add("# Embedding benchmark");
            report.add("");
            report.add("Generated by `EmbeddingBenchmark` (`./corvid bench embedding`) on " + Instant.now() + ".");
            report.add("");
            report.add("- Machine: " + Bench.machine() + ".");
            report.add("- Model: BGE-small-en-v1.5 fp32 (ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment()
                    .getVersion() + ", CPU). Raw: the model called directly, batches of 32, intra-op threads = cores."
                    + " Service: `POST /v1/embeddings` with 32 texts per request from 4 concurrent clients over"
                    + " loopback HTTP (JSON, validation, queue, token-budget batching, adaptive pool with the cloud"
                    + " profile: one worker per core, one intra-op thread each)."
                    + " Same texts, same JVM, one after the other.");
            report.add("");
            report.add("| texts | raw ONNX Runtime | Corvid service path | service / raw | fastembed-js 1.14.4 |"
                    + " Corvid / fastembed | transformers.js " + node.path("transformers").path("version").asText()
                    + " | Corvid / transformers.js |");
            report.add("|---|---|---|---|---|---|---|---|");
            report.add(String.format(Locale.ROOT, "| %d Brown sentences, %.1f tokens on average | %.1f/s | %.1f/s |"
                    + " %.0f %% | %.1f/s | %.1f× | %.1f/s | %.2f× |", shortTexts.size(),
                    meanTokens(tokenizer, shortTexts), rawShort, serviceShort, 100 * serviceShort / rawShort,
                    fastShort, serviceShort / fastShort, tjsShort, serviceShort / tjsShort));
            report.add(String.format(Locale.ROOT, "| %d chunks, %.0f tokens on average | %.1f/s | %.1f/s | %.0f %% |"
                    + " %.1f/s | %.1f× | %.1f/s | %.2f× |", chunks.size(), meanTokens(tokenizer, chunks), rawChunks,
                    serviceChunks, 100 * serviceChunks / rawChunks, fastChunks, serviceChunks / fastChunks, tjsChunks,
                    serviceChunks / tjsChunks));
            report.add("");
            report.add("Goals (issue 5): service path ≥ 95 % of raw ONNX Runtime; ≥ 10× fastembed-js at its settings;"
                    + " ≥ 1.1× transformers.js on identical input. fastembed-js pads every text to 512 tokens and"
                    + " runs batches of 256; transformers.js (onnxruntime-node) pads to the longest text of each batch"
                    + " of 32. Node " + node.path("node").asText() + ". All three read the same fp32 ONNX file and"
                    + " tokenizer.json from local folders.");
            report.add("");
            report.add(String.format(Locale.ROOT, "Process RSS after the short-text load: %d MB; after the chunks: %d MB"
                    + " (this JVM also holds the raw model, the test harness and embedded PostgreSQL's client).",
                    rssShort >> 20, rssChunks >> 20));
        }
        Files.write(Bench.output("embedding.md"), report);
        report.forEach(System.out::println);
    }
}
