package dev.corvid.embedding.model;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The model {@code corvid.embedding.model=auto} settles on, and why (logged at start-up and shown by
 * {@code GET /api/v1/embeddings/status}).
 */
public record ModelChoice(ModelVariant variant, String reason) {

    /** An explicit setting: no choice to make. */
    public static ModelChoice fixed(ModelVariant variant) {
        return new ModelChoice(variant, "configured");
    }

    /**
     * int8 where inference runs on a CPU with 8-bit dot-product units and {@code check} (the int8 model on the
     * reference texts, {@link Int8Check}) passes; fp32 otherwise. {@code check} runs only when int8 is a candidate.
     */
    public static ModelChoice auto(boolean gpu, CpuFeatures cpu, Supplier<Int8Check.Result> check) {
        if (gpu) {
            return new ModelChoice(ModelVariant.FP32, "auto: fp32, inference runs on the GPU");
        }
        Optional<String> unit = cpu.int8Unit();
        if (unit.isEmpty()) {
            return new ModelChoice(ModelVariant.FP32, "auto: fp32, the CPU has no AMX, AVX-512 VNNI or AVX-VNNI");
        }
        Int8Check.Result result = check.get();
        if (!result.passed()) {
            return new ModelChoice(ModelVariant.FP32, String.format(Locale.ROOT, "auto: fp32, int8 failed the"
                    + " quality check when the model loaded on this CPU (%s): cosine %.4f < %.2f to the reference"
                    + " on \"%s\"", unit.get(), result.worstCosine(), result.minCosine(),
                    abbreviate(result.worstText())));
        }
        return new ModelChoice(ModelVariant.INT8, String.format(Locale.ROOT, "auto: int8 on %s, quality check"
                + " passed when the model loaded (lowest cosine %.4f to the reference over %d texts)", unit.get(),
                result.worstCosine(), result.texts()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
