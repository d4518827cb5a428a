package dev.corvid.platform.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The repository's {@code test-data/} folder; a {@code .gz} file reads as its uncompressed contents. */
public final class TestData {

    /** {@code test-data/} seen from a module's directory, where Maven runs its tests. */
    public static final Path ROOT = Path.of("../test-data");

    private TestData() {
    }

    /** The text of the 57,340 Brown Corpus messages of {@code markov/brown-messages.jsonl.gz}, in order. */
    public static java.util.List<String> brownMessages() {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Stream<String> lines = lines("markov/brown-messages.jsonl.gz")) {
            return lines.map(line -> {
                try {
                    return json.readTree(line).get("content").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** The file's bytes, uncompressed when it ends in {@code .gz}. */
    public static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's lines, uncompressed when it ends in {@code .gz}; close the stream. */
    public static Stream<String> lines(String name) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8));
            return reader.lines().onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Files.newInputStream(ROOT.resolve(name));
        return name.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
