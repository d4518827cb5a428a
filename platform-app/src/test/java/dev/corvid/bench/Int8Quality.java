package dev.corvid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.model.BgeTokenizer;
import dev.corvid.embedding.model.ModelFiles;
import dev.corvid.embedding.model.ModelVariant;
import dev.corvid.embedding.model.OnnxEmbedder;
import dev.corvid.embedding.model.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How far int8 strays from fp32, for {@code bench/embedding-cpu.sh}: cosine of each text's int8 vector to its fp32
 * vector on the reference texts ({@code test-data/embedding/reference-fp32.jsonl}) and on the hard set
 * ({@code hard-texts.jsonl}: other scripts, full-width forms, single characters, emoji, code), each text alone and
 * inside one batch of its set (dynamic quantization scales a whole batch at once, so neighbours matter); the
 * similarity pairs' ordering; and retrieval on {@code hard-pairs.jsonl} (each query against every document: is its
 * own document the nearest?). Prints one JSON line. Arguments: {@code <test-data/embedding> <model-dir>}.
 */
public final class Int8Quality {

    private Int8Quality() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        ModelFiles.Paths fp32Files = ModelFiles.extract(ModelVariant.FP32, Path.of(args[1]));
        ModelFiles.Paths int8Files = ModelFiles.extract(ModelVariant.INT8, Path.of(args[1]));
        try (BgeTokenizer tokenizer = new BgeTokenizer(fp32Files.tokenizer());
                OnnxEmbedder fp32 = new OnnxEmbedder(fp32Files.model(), 1, 1);
                OnnxEmbedder int8 = new OnnxEmbedder(int8Files.model(), 1, 1)) {
            List<String> reference = field(data.resolve("reference-fp32.jsonl"), "text");
            List<String> hard = field(data.resolve("hard-texts.jsonl"), "text");
            StringBuilder out = new StringBuilder("{");
            out.append("\"reference\": ").append(cosines(tokenizer, fp32, int8, reference)).append(", ");
            out.append("\"hard\": ").append(cosines(tokenizer, fp32, int8, hard)).append(", ");
            out.append("\"pairs\": {\"fp32\": ").append(pairs(tokenizer, fp32, data)).append(", \"int8\": ")
                    .append(pairs(tokenizer, int8, data)).append("}, ");
            out.append("\"retrieval\": {\"fp32\": ").append(retrieval(tokenizer, fp32, data)).append(", \"int8\": ")
                    .append(retrieval(tokenizer, int8, data)).append("}}");
            System.out.println(out);
        }
    }

    static List<String> field(Path file, String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line).get(name).asText());
            }
        }
        return out;
    }

    /** Worst and median int8-to-fp32 cosine over the texts, alone and in one batch, and the worst text. */
    private static String cosines(BgeTokenizer tokenizer, OnnxEmbedder fp32, OnnxEmbedder int8, List<String> texts) {
        long[][] ids = texts.stream().map(tokenizer::ids).toArray(long[][]::new);
        float[][] batched = int8.embed(ids, Pooling.CLS, true);
        double[] alone = new double[texts.size()];
        double[] inBatch = new double[texts.size()];
        int worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] reference = fp32.embed(new long[][] {ids[i]}, Pooling.CLS, true)[0];
            alone[i] = OnnxEmbedder.cosine(int8.embed(new long[][] {ids[i]}, Pooling.CLS, true)[0], reference);
            inBatch[i] = OnnxEmbedder.cosine(batched[i], reference);
            if (Math.min(alone[i], inBatch[i]) < Math.min(alone[worst], inBatch[worst])) {
                worst = i;
            }
        }
        return String.format(Locale.ROOT, "{\"texts\": %d, \"aloneWorst\": %.4f, \"aloneMedian\": %.4f,"
                + " \"batchWorst\": %.4f, \"batchMedian\": %.4f, \"worstText\": %s}", texts.size(), min(alone),
                median(alone), min(inBatch), median(inBatch), new ObjectMapper().valueToTree(texts.get(worst)));
    }

    /** Lowest related and highest unrelated cosine of the similarity pairs. */
    private static String pairs(BgeTokenizer tokenizer, OnnxEmbedder model, Path data) throws IOException {
        double lowestRelated = 1;
        double highestUnrelated = -1;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(data.resolve("similarity-pairs.jsonl"))) {
            JsonNode pair = json.readTree(line);
            float[][] v = model.embed(new long[][] {tokenizer.ids(pair.get("a").asText()),
                    tokenizer.ids(pair.get("b").asText())}, Pooling.CLS, true);
            double c = OnnxEmbedder.cosine(v[0], v[1]);
            if (pair.get("related").asBoolean()) {
                lowestRelated = Math.min(lowestRelated, c);
            } else {
                highestUnrelated = Math.max(highestUnrelated, c);
            }
        }
        return String.format(Locale.ROOT, "{\"lowestRelated\": %.4f, \"highestUnrelated\": %.4f}", lowestRelated,
                highestUnrelated);
    }

    /** Queries whose own document is the nearest of all documents, and the smallest margin to the runner-up. */
    private static String retrieval(BgeTokenizer tokenizer, OnnxEmbedder model, Path data) throws IOException {
        List<String> queries = field(data.resolve("hard-pairs.jsonl"), "query");
        List<String> documents = field(data.resolve("hard-pairs.jsonl"), "related");
        float[][] q = model.embed(queries.stream().map(tokenizer::ids).toArray(long[][]::new), Pooling.CLS, true);
        float[][] d = model.embed(documents.stream().map(tokenizer::ids).toArray(long[][]::new), Pooling.CLS, true);
        int top = 0;
        double margin = Double.MAX_VALUE;
        for (int i = 0; i < q.length; i++) {
            double own = OnnxEmbedder.cosine(q[i], d[i]);
            double best = -1;
            for (int j = 0; j < d.length; j++) {
                if (j != i) {
                    best = Math.max(best, OnnxEmbedder.cosine(q[i], d[j]));
                }
            }
            top += own > best ? 1 : 0;
            margin = Math.min(margin, own - best);
        }
        return String.format(Locale.ROOT, "{\"queries\": %d, \"top1\": %d, \"smallestMargin\": %.4f}", q.length, top,
                margin);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
