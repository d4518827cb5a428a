package dev.corvid.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLS-row graph ({@link ClsGraph}) gives the full graph's CLS vectors, for both variants, alone and in padded
 * batches of mixed lengths; batches with mean pooling still run the full graph; the derived file is written once and
 * again only when the model is newer; a model that is not a BERT encoder is left to run whole.
 */
class ClsGraphTest {

    private static final Path DATA = Path.of("../test-data/embedding");

    @TempDir
    Path dir;

    private static List<String> texts() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String file : List.of("reference-fp32.jsonl", "hard-texts.jsonl")) {
            for (String line : Files.readAllLines(DATA.resolve(file))) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    texts.add(node.get("text").asText());
                }
            }
        }
        return texts;
    }

    /**
     * fp32: the same numbers up to summation order. int8: close, not equal: the last layer's dynamic quantization
     * scales its one row instead of the whole batch (as fine or finer), so the vectors move by a few 1e-5 of cosine.
     */
    @Test
    void clsRowsGiveTheFullGraphsVectorsForBothVariants() throws IOException {
        Path models = Path.of("target/models");
        List<String> texts = texts();
        for (ModelVariant variant : ModelVariant.values()) {
            double bound = variant == ModelVariant.FP32 ? 0.999999 : 0.9995;
            ModelFiles.Paths files = ModelFiles.extract(variant, models);
            try (BgeTokenizer tokenizer = new BgeTokenizer(files.tokenizer());
                    OnnxEmbedder cls = new OnnxEmbedder(files.model(), 2, 1);
                    OnnxEmbedder full = new OnnxEmbedder(files.model(), 2, 1, true, OptionalInt.empty(), false)) {
                assertThat(cls.clsRows()).as(variant.name()).isTrue();
                assertThat(full.clsRows()).isFalse();
                List<long[]> all = texts.stream().map(tokenizer::ids).toList();
                // Padded batches of mixed lengths (the 512-token text alone: it would pad every other to 512).
                long[][] shorter = all.stream().filter(ids -> ids.length <= 128).toArray(long[][]::new);
                assertThat(shorter.length).isGreaterThan(100);
                float[][] batched = cls.embed(shorter, Pooling.CLS, false);
                float[][] expected = full.embed(shorter, Pooling.CLS, false);
                for (int i = 0; i < shorter.length; i++) {
                    assertThat(OnnxEmbedder.cosine(batched[i], expected[i])).as("%s batched, text %d", variant, i)
                            .isGreaterThan(bound);
                }
                for (int i = 0; i < all.size(); i += all.get(i).length > 128 ? 1 : 9) {
                    long[][] alone = {all.get(i)};
                    assertThat(OnnxEmbedder.cosine(cls.embed(alone, Pooling.CLS, false)[0],
                            full.embed(alone, Pooling.CLS, false)[0])).as("%s alone: %s", variant, texts.get(i))
                            .isGreaterThan(bound);
                }
            }
        }
    }

    @Test
    void batchesWithMeanPoolingRunTheFullGraph() throws IOException {
        ModelFiles.Paths files = ModelFiles.extract(ModelVariant.FP32, Path.of("target/models"));
        try (BgeTokenizer tokenizer = new BgeTokenizer(files.tokenizer());
                OnnxEmbedder cls = new OnnxEmbedder(files.model(), 2, 1);
                OnnxEmbedder full = new OnnxEmbedder(files.model(), 2, 1, true, OptionalInt.empty(), false)) {
            long[][] ids = {tokenizer.ids("The quick brown fox jumps over the lazy dog."),
                tokenizer.ids("A short one."), tokenizer.ids("Markov chains learn from every message in the guild.")};
            Pooling[] mixed = {Pooling.MEAN, Pooling.CLS, Pooling.MEAN};
            boolean[] normalize = {true, true, false};
            float[][] actual = cls.embed(ids, mixed, normalize, false);
            float[][] expected = full.embed(ids, mixed, normalize, false);
            for (int i = 0; i < ids.length; i++) {
                assertThat(OnnxEmbedder.cosine(actual[i], expected[i])).isGreaterThan(0.99999);
                for (int d = 0; d < ModelVariant.DIMENSIONS; d++) {
                    assertThat(actual[i][d]).isCloseTo(expected[i][d], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
            // The mean of every token is not the CLS row: the full graph really ran.
            float[] clsOnly = cls.embed(new long[][] {ids[0]}, Pooling.CLS, true)[0];
            assertThat(OnnxEmbedder.cosine(actual[0], clsOnly)).isLessThan(0.999);
        }
    }

    @Test
    void theDerivedFileIsWrittenOnceAndAgainWhenTheModelIsNewer() throws IOException {
        Path model = dir.resolve("model.onnx");
        Files.copy(ModelFiles.model(ModelVariant.INT8, Path.of("target/models")), model);
        Path derived = ClsGraph.derive(model).orElseThrow();
        assertThat(derived.getFileName().toString()).isEqualTo("model" + ClsGraph.SUFFIX);
        FileTime written = FileTime.fromMillis(Files.getLastModifiedTime(model).toMillis() + 60_000);
        Files.setLastModifiedTime(derived, written);
        assertThat(ClsGraph.derive(model)).contains(derived);
        assertThat(Files.getLastModifiedTime(derived)).isEqualTo(written);

        Files.setLastModifiedTime(model, FileTime.fromMillis(written.toMillis() + 60_000));
        Files.writeString(derived, "a partial file from an older model");
        assertThat(ClsGraph.derive(model)).contains(derived);
        assertThat(Files.size(derived)).isGreaterThan(Files.size(model));
        try (OnnxEmbedder embedder = new OnnxEmbedder(model, 1, 1)) {
            assertThat(embedder.clsRows()).isTrue();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.onnx",
                    "model" + ClsGraph.SUFFIX);
        }
    }

    @Test
    void aModelThatIsNotABertEncoderRunsWhole() throws IOException {
        // ModelProto { ir_version: 7, opset_import { version: 13 }, graph { node { Identity x -> y }, input x,
        // output y } }: a valid model with no encoder layers.
        byte[] type = bytes(1, field(1, varint(1))); // TypeProto { tensor_type { elem_type: FLOAT } }
        byte[] graph = message(
                bytes(1, message(bytes(1, "x"), bytes(2, "y"), bytes(3, "id"), bytes(4, "Identity"))),
                bytes(2, "g"),
                bytes(11, message(bytes(1, "x"), bytes(2, type))),
                bytes(12, message(bytes(1, "y"), bytes(2, type))));
        byte[] model = message(field(1, varint(7)), bytes(8, message(field(2, varint(13)))), bytes(7, graph));
        Path file = dir.resolve("identity.onnx");
        Files.write(file, model);
        assertThat(ClsGraph.derive(file)).isEmpty();
        try (OnnxEmbedder embedder = new OnnxEmbedder(file, 1, 1)) {
            assertThat(embedder.clsRows()).isFalse();
        }
        Files.write(file, new byte[] {0x0f, 0x01});
        assertThatThrownBy(() -> ClsGraph.derive(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ONNX file");
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    /** A varint field: tag then value. */
    private static byte[] field(int number, byte[] value) {
        return message(varint((long) number << 3), value);
    }

    private static byte[] bytes(int number, String value) {
        return bytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int number, byte[] value) {
        return message(varint(((long) number << 3) | 2), varint(value.length), value);
    }

    private static byte[] message(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
