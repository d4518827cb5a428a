package dev.corvid.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Where the native code comes from: nothing downloaded, nothing reported home, no GPU assumed. */
class NativeLibrariesTest {

    private static final Path MODELS = Path.of("target/models");

    @Test
    void theTokenizerLoadsTheCpuLibraryCopiedBesideTheModel() {
        ModelFiles.Paths files = ModelFiles.extract(ModelVariant.FP32, MODELS);
        try (BgeTokenizer tokenizer = new BgeTokenizer(files.tokenizer())) {
            assertThat(tokenizer.ids("hello world")).containsExactly(101, 7592, 2088, 102);
        }
        Path library = Path.of(System.getProperty("RUST_LIBRARY_PATH"));
        assertThat(library.getParent().getParent()).isEqualTo(MODELS.toAbsolutePath());
        assertThat(library.getFileName().toString()).isEqualTo(System.mapLibraryName("tokenizers"));
        assertThat(library).isRegularFile();
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    }

    @Test
    void theLibraryIsCopiedOnceAndReused() throws Exception {
        Path first = ModelFiles.tokenizerLibrary(MODELS).orElseThrow();
        var modified = Files.getLastModifiedTime(first);
        Path second = ModelFiles.tokenizerLibrary(MODELS).orElseThrow();
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(modified);
    }

    @Test
    void askingForCudaOnTheCpuBuildFailsAndSaysHowToGetIt() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this build has CUDA");
        Path model = ModelFiles.extract(ModelVariant.INT8, MODELS).model();
        assertThatThrownBy(() -> new OnnxEmbedder(model, 1, 1, true, OptionalInt.of(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no CUDA provider")
                .hasMessageContaining("-Pgpu");
    }
}
