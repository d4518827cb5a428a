package dev.corvid.embedding.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * BGE's WordPiece tokenizer from its tokenizer.json, through Hugging Face's Rust tokenizers (DJL's binding), so ids
 * match the reference exactly. Truncation is the Hugging Face way: [CLS] + the first 510 pieces + [SEP]. Thread-safe.
 */
public final class BgeTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer truncating;
    private final HuggingFaceTokenizer whole;

    public BgeTokenizer(Path tokenizerJson) {
        try {
            truncating = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("maxLength",
                    Integer.toString(ModelVariant.MAX_TOKENS), "truncation", "true", "padding", "false"));
            whole = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("truncation", "false", "padding",
                    "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson, e);
        }
    }

    /** The model's input ids for {@code text}, cut to 512 tokens. */
    public long[] ids(String text) {
        return truncating.encode(text).getIds();
    }

    /** The ids without truncation: may be longer than the model accepts. */
    public long[] wholeIds(String text) {
        return whole.encode(text).getIds();
    }

    /** Ids and the pieces they stand for, cut or not. */
    public Encoding encoding(String text, boolean truncate) {
        return (truncate ? truncating : whole).encode(text);
    }

    @Override
    public void close() {
        truncating.close();
        whole.close();
    }
}
