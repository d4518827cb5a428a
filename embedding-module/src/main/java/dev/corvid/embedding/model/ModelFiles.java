package dev.corvid.embedding.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Puts a variant's ONNX model and tokenizer.json on disk, copied from the classpath once (streamed, never held in
 * memory: ONNX Runtime maps a file, while a byte array would double the model's peak memory). A file already there
 * with the resource's size is reused; a partial copy is never left under the final name.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** The model and tokenizer paths of {@code variant} under {@code directory}. */
    public record Paths(Path model, Path tokenizer) {
    }

    public static Paths extract(ModelVariant variant, Path directory) {
        return new Paths(model(variant, directory), tokenizer(variant, directory));
    }

    /** The ONNX file of {@code variant} under {@code directory}. */
    public static Path model(ModelVariant variant, Path directory) {
        return extract(variant.onnxResource, directory);
    }

    /** The tokenizer.json of {@code variant} (the same for both) under {@code directory}. */
    public static Path tokenizer(ModelVariant variant, Path directory) {
        return extract(variant.tokenizerResource, directory);
    }

    private static Path extract(String resource, Path directory) {
        try {
            Files.createDirectories(directory);
            return copy(resource, directory.resolve(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model files to " + directory, e);
        }
    }

    /**
     * Puts the CPU build of the tokenizer's native library, bundled in DJL's jar, under {@code directory} and returns
     * its path, or empty where the jar has none for this OS and processor. DJL's own loader picks a CUDA
     * build on machines with a GPU and downloads it; nothing may download at run time, and tokenizing needs no GPU.
     */
    public static Optional<Path> tokenizerLibrary(Path directory) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os) + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch);
        String resource = "native/lib/" + platform + "/cpu/" + System.mapLibraryName("tokenizers");
        if (ModelFiles.class.getClassLoader().getResource(resource) == null) {
            return Optional.empty();
        }
        Path folder = directory.resolve("tokenizers-" + platform);
        try {
            Files.createDirectories(folder);
            return Optional.of(copy(resource, folder.resolve(System.mapLibraryName("tokenizers"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokenizer's native library to " + folder, e);
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        var url = ModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("model resource " + resource + " is not on the classpath; the"
                    + " langchain4j BGE artifacts must be dependencies of the embedding module");
        }
        Path directory = target.getParent();
        long size = url.openConnection().getContentLengthLong();
        if (Files.exists(target) && size > 0 && Files.size(target) == size) {
            return target;
        }
        Path partial = Files.createTempFile(directory, target.getFileName().toString(), ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }
}
