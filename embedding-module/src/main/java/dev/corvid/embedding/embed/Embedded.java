package dev.corvid.embedding.embed;

import java.util.List;

/** Vectors in input order, and the tokens the inputs took (what OpenAI reports as usage). */
public record Embedded(String model, List<float[]> vectors, int promptTokens) {
}
