package dev.corvid.embedding.embed;

import java.util.List;

/** A text's model input: ids ([CLS] … [SEP]), the word pieces they stand for, and whether it was cut. */
public record Tokenized(long[] ids, List<String> tokens, boolean truncated) {
}
