package dev.corvid.embedding.embed;

import dev.corvid.embedding.model.Pooling;

/**
 * How to embed.
 *
 * @param pooling CLS (default, what BGE was trained for) or MEAN
 * @param normalize L2-normalise (default true)
 * @param truncate cut texts over 512 tokens (default); false makes such a text a 400
 * @param dimensions keep only the first n dimensions (re-normalised when normalising); null for all 384
 */
public record EmbedOptions(Pooling pooling, boolean normalize, boolean truncate, Integer dimensions) {

    public static EmbedOptions defaults() {
        return new EmbedOptions(Pooling.CLS, true, true, null);
    }
}
