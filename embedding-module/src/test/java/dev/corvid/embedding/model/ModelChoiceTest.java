package dev.corvid.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code corvid.embedding.model=auto}: the CPU's flags, then the int8 model's quality check on the real model. */
class ModelChoiceTest {

    private static final Path MODELS = Path.of("target/models");
    private static final String XEON = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
            flags\t\t: fpu vme sse2 avx2 avx512f avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8
            bugs\t\t: spectre_v1

            processor\t: 1
            flags\t\t: fpu
            """;
    private static final String EPYC = "model name\t: AMD EPYC 9B14\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni"
            + " avx512_bf16\n";
    private static final String AVX2 = "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\nflags\t\t: fpu sse2 avx avx2 fma\n";
    private static final String ARM = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 asimddp\n";
    private static final Supplier<Int8Check.Result> NOT_CALLED = () -> {
        throw new AssertionError("the check must not run");
    };
    private static BgeTokenizer tokenizer;
    private static OnnxEmbedder int8;

    @BeforeAll
    static void load() {
        ModelFiles.Paths files = ModelFiles.extract(ModelVariant.INT8, MODELS);
        tokenizer = new BgeTokenizer(files.tokenizer());
        int8 = new OnnxEmbedder(files.model(), 2, 1);
    }

    @AfterAll
    static void close() {
        int8.close();
        tokenizer.close();
    }

    @Test
    void readsTheFirstProcessorsFlagsAndPicksTheBestInt8Unit() {
        assertThat(CpuFeatures.parse(XEON).flags()).contains("amx_int8", "avx2").doesNotContain("spectre_v1");
        assertThat(CpuFeatures.parse(XEON).int8Unit()).contains("amx_int8");
        assertThat(CpuFeatures.parse(EPYC).int8Unit()).contains("avx512_vnni");
        assertThat(CpuFeatures.parse(AVX2).int8Unit()).isEmpty();
        assertThat(CpuFeatures.parse(ARM).int8Unit()).isEmpty();
        assertThat(CpuFeatures.parse("").flags()).isEmpty();
    }

    @Test
    void withoutInt8UnitsOrOnAGpuAutoStaysFp32WithoutLoadingInt8() {
        ModelChoice avx2 = ModelChoice.auto(false, CpuFeatures.parse(AVX2), NOT_CALLED);
        assertThat(avx2.variant()).isEqualTo(ModelVariant.FP32);
        assertThat(avx2.reason()).contains("no AMX, AVX-512 VNNI or AVX-VNNI");
        ModelChoice gpu = ModelChoice.auto(true, CpuFeatures.parse(XEON), NOT_CALLED);
        assertThat(gpu.variant()).isEqualTo(ModelVariant.FP32);
        assertThat(gpu.reason()).contains("GPU");
    }

    @Test
    void withInt8UnitsAutoPicksInt8WhenTheRealModelPassesTheCheck() {
        ModelChoice choice = ModelChoice.auto(false, CpuFeatures.parse(XEON),
                () -> Int8Check.run(int8, tokenizer, Int8Check.MIN_COSINE));
        assertThat(choice.variant()).isEqualTo(ModelVariant.INT8);
        assertThat(choice.reason()).startsWith("auto: int8 on amx_int8").contains("over 48 texts");
    }

    @Test
    void aFailedCheckFallsBackToFp32AndSaysWhy() {
        // int8 does not reach 0.9999 on every reference text (its worst is about 0.991), so a stricter bound fails.
        Int8Check.Result strict = Int8Check.run(int8, tokenizer, 0.9999);
        assertThat(strict.passed()).isFalse();
        assertThat(strict.worstCosine()).isBetween(0.98, 0.9999);
        ModelChoice choice = ModelChoice.auto(false, CpuFeatures.parse(EPYC), () -> strict);
        assertThat(choice.variant()).isEqualTo(ModelVariant.FP32);
        assertThat(choice.reason())
                .contains("int8 failed the quality check when the model loaded on this CPU (avx512_vnni)")
                .contains(strict.worstText().substring(0, Math.min(20, strict.worstText().length())));
    }
}
