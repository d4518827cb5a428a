package dev.corvid.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.model.BgeTokenizer;
import dev.corvid.embedding.model.OnnxEmbedder;
import dev.corvid.embedding.model.Pooling;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The measured runs the embedding benchmarks share: the model called directly, and the service over HTTP. */
final class EmbeddingRuns {

    /** Texts per request in the service runs (and per batch in {@link #raw}). */
    static final int PER_REQUEST = 32;

    private EmbeddingRuns() {
    }

    static double meanTokens(BgeTokenizer tokenizer, List<String> texts) {
        return texts.stream().mapToInt(t -> tokenizer.ids(t).length).average().orElse(0);
    }

    /** Texts/s of the model called directly on batches of {@code batch} texts in their given order. */
    static double raw(OnnxEmbedder model, BgeTokenizer tokenizer, List<String> texts, int batch) {
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += batch) {
            long[][] ids = texts.subList(from, Math.min(texts.size(), from + batch)).stream().map(tokenizer::ids)
                    .toArray(long[][]::new);
            model.embed(ids, Pooling.CLS, true);
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Texts/s of the model called directly on batches cut the way the service cuts them: all texts tokenized, sorted
     * by length and cut into batches of at most {@code budget} padded tokens and {@code maxSize} texts, run by
     * {@code threads} threads on {@code model}.
     */
    static double sorted(OnnxEmbedder model, BgeTokenizer tokenizer, List<String> texts, int budget, int maxSize,
            int threads) throws Exception {
        long start = System.nanoTime();
        List<long[][]> batches = batches(tokenizer, texts, budget, maxSize);
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int b; (b = next.getAndIncrement()) < batches.size();) {
                        model.embed(batches.get(b), Pooling.CLS, true);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The texts tokenized, sorted by length and cut into batches of at most {@code budget} padded tokens and
     * {@code maxSize} texts.
     */
    static List<long[][]> batches(BgeTokenizer tokenizer, List<String> texts, int budget, int maxSize) {
        List<long[]> ids = new ArrayList<>(texts.stream().map(tokenizer::ids).toList());
        ids.sort(Comparator.comparingInt(a -> a.length));
        List<long[][]> batches = new ArrayList<>();
        for (int from = 0; from < ids.size();) {
            int to = from + 1;
            while (to < ids.size() && to - from < maxSize && (to - from + 1) * ids.get(to).length <= budget) {
                to++;
            }
            batches.add(ids.subList(from, to).toArray(long[][]::new));
            from = to;
        }
        return batches;
    }

    /** Texts/s through {@code POST endpoint} ({@code /v1/embeddings}), 32 texts per request from {@code clients}. */
    static double service(URI endpoint, List<String> texts, int clients) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += PER_REQUEST) {
            bodies.add(json.writeValueAsString(Map.of("input", texts.subList(from, Math.min(texts.size(),
                    from + PER_REQUEST)))));
        }
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<HttpResponse<String>>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(pool.submit(() -> http.send(HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> f : done) {
                if (f.get().statusCode() != 200) {
                    throw new IllegalStateException("status " + f.get().statusCode() + ": " + f.get().body());
                }
            }
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }
}
