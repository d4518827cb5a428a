package dev.corvid.embedding.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up quality check of the int8 model on this machine's kernels: the 48 reference texts (English prose,
 * chat, Markdown, code, a 512-token text; shipped as {@code reference-fp32.jsonl}, fp32 vectors from an independent
 * implementation) embedded in one batch by the int8 model; every vector must stay within a cosine of the reference.
 * It catches an int8 kernel path that computes something else on this CPU, not text the set does not cover: harder
 * texts (other scripts, full-width forms, single characters) fall further, see docs/benchmarks/embedding-cpu.md.
 */
public final class Int8Check {

    /** The README's promise for the reference texts. */
    public static final double MIN_COSINE = 0.99;
    static final String RESOURCE = "dev/corvid/embedding/model/reference-fp32.jsonl";

    private Int8Check() {
    }

    /** The check's outcome: the lowest cosine, the text it belongs to, and the bound it was held to. */
    public record Result(double worstCosine, String worstText, int texts, double minCosine) {
        public boolean passed() {
            return worstCosine >= minCosine;
        }
    }

    /** Embeds the reference texts with {@code model} and compares with the reference vectors. */
    public static Result run(OnnxEmbedder model, BgeTokenizer tokenizer, double minCosine) {
        List<String> texts = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resource(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode reference = json.readTree(line);
                texts.add(reference.get("text").asText());
                float[] vector = new float[ModelVariant.DIMENSIONS];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = (float) reference.get("embedding").get(d).asDouble();
                }
                expected.add(vector);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        float[][] actual = model.embed(texts.stream().map(tokenizer::ids).toArray(long[][]::new), Pooling.CLS, true);
        int worst = 0;
        double worstCosine = 1;
        for (int i = 0; i < texts.size(); i++) {
            double c = OnnxEmbedder.cosine(actual[i], expected.get(i));
            if (c < worstCosine) {
                worstCosine = c;
                worst = i;
            }
        }
        return new Result(worstCosine, texts.get(worst), texts.size(), minCosine);
    }

    private static java.io.InputStream resource() throws IOException {
        var in = Int8Check.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException(RESOURCE + " is not on the classpath");
        }
        return in;
    }
}
