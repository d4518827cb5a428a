package dev.corvid.embedding.model;

/** How a text's token vectors become one vector. */
public enum Pooling {
    /** The [CLS] token's hidden state: what BGE was trained for, and the default. */
    CLS,
    /** The average over the text's tokens (attention mask 1). */
    MEAN
}
