package dev.corvid.embedding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible API and the tokenizer endpoint over HTTP with the real model. */
@QuarkusTest
class EmbeddingApiTest {

    private static final Path DATA = dev.corvid.platform.support.TestData.ROOT.resolve("embedding");

    private static List<JsonNode> reference() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(DATA.resolve("reference-fp32.jsonl"))) {
            out.add(json.readTree(line));
        }
        return out;
    }

    private static double cosine(List<? extends Number> a, JsonNode b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.get(i).doubleValue();
            double y = b.get(i).asDouble();
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return dot / Math.sqrt(na * nb);
    }

    private static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/embeddings");
    }

    private static ValidatableResponse problem(Response response, int status) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    @Test
    void openAiShapedVectorsMatchTheReferenceInOneRequest() throws IOException {
        List<JsonNode> reference = reference();
        List<String> texts = reference.stream().map(r -> r.get("text").asText()).toList();
        Response response = post(Map.of("input", texts, "model", "bge-small-en-v1.5"));
        response.then().statusCode(200).body("object", equalTo("list")).body("data", hasSize(texts.size()))
                .body("model", equalTo("bge-small-en-v1.5")).body("data[0].object", equalTo("embedding"));
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            List<Float> vector = response.path("data[" + i + "].embedding");
            assertThat(vector).hasSize(384);
            assertThat((int) response.path("data[" + i + "].index")).isEqualTo(i);
            assertThat(cosine(vector, reference.get(i).get("embedding"))).as(texts.get(i))
                    .isGreaterThanOrEqualTo(0.9999);
            tokens += reference.get(i).get("input_ids").size();
        }
        assertThat((int) response.path("usage.prompt_tokens")).isEqualTo(tokens);
    }

    @Test
    void base64AndDimensionsAsOpenAiDefinesThem() {
        Response floats = post(Map.of("input", "A sentence about embeddings."));
        List<Float> full = floats.path("data[0].embedding");
        String encoded = post(Map.of("input", "A sentence about embeddings.", "encoding_format", "base64"))
                .then().statusCode(200).extract().path("data[0].embedding");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(384 * 4);
        for (int i = 0; i < 384; i++) {
            assertThat(bytes.getFloat()).isEqualTo(full.get(i).floatValue());
        }
        List<Float> short64 = post(Map.of("input", "A sentence about embeddings.", "dimensions", 64))
                .then().statusCode(200).extract().path("data[0].embedding");
        assertThat(short64).hasSize(64);
        double norm = short64.stream().mapToDouble(f -> f * f).sum();
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void tokenizeShowsTheIdsTheModelSees() throws IOException {
        JsonNode longest = reference().stream()
                .max((a, b) -> Integer.compare(a.get("input_ids").size(), b.get("input_ids").size())).orElseThrow();
        given().contentType(ContentType.JSON).body(Map.of("input", List.of(longest.get("text").asText(), "Hello!")))
                .post("/api/v1/embeddings/tokenize").then().statusCode(200)
                .body("data[0].ids", hasSize(512)).body("data[0].truncated", equalTo(true))
                .body("data[1].ids", equalTo(List.of(101, 7592, 999, 102)))
                .body("data[1].tokens", equalTo(List.of("[CLS]", "hello", "!", "[SEP]")))
                .body("data[1].truncated", equalTo(false));
        problem(post(Map.of("input", List.of("short", longest.get("text").asText()), "truncate", false)), 400)
                .body("index", equalTo(1)).body("detail", containsString("tokens"));
    }

    /**
     * Regression: BEL, ESC (ANSI colours), form feed (PDF page breaks) and DEL answered 400. They are text; the
     * tokenizer drops them, and the vector is the one of the text without them.
     */
    @Test
    void textWithControlCharactersIsEmbeddedAsWithoutThem() {
        List<String> dirty = List.of("page one\fpage two", "\u001b[31mred\u001b[0m alert\u0007", "a NUL\u0000 and DEL\u007f");
        List<String> clean = List.of("page onepage two", "[31mred[0m alert", "a NUL and DEL");
        List<List<Float>> fromDirty = post(Map.of("input", dirty)).then().statusCode(200).extract()
                .path("data.embedding");
        List<List<Float>> fromClean = post(Map.of("input", clean)).then().statusCode(200).extract()
                .path("data.embedding");
        assertThat(fromDirty).isEqualTo(fromClean);
        problem(post(Map.of("input", List.of("ok", "only a lone \ud800 surrogate is refused"))), 400)
                .body("index", equalTo(1)).body("detail", containsString("surrogate"));
    }

    @Test
    void badInputIsAProblemNamingTheItem() {
        problem(post(Map.of("input", "")), 400).body("detail", containsString("empty"));
        problem(post(Map.of("input", List.of())), 400).body("detail", containsString("empty"));
        problem(post(Map.of("input", List.of("fine", 42))), 400).body("index", equalTo(1))
                .body("detail", containsString("a number"));
        problem(post(Map.of("input", List.of("fine", List.of(101, 102)))), 400).body("index", equalTo(1));
        problem(post(Map.of("input", Collections.nCopies(2049, "x"))), 400).body("detail", containsString("2048"));
        problem(post(Map.of("input", List.of("ok", "x".repeat(50_001)))), 400).body("index", equalTo(1))
                .body("detail", containsString("max-input-chars"));
        problem(post(Map.of("input", "x", "model", "text-embedding-3-large")), 400)
                .body("detail", containsString("not served"));
        problem(post(Map.of("input", "x", "encoding_format", "int8")), 400);
        problem(post(Map.of("input", "x", "dimensions", 999)), 400);
        problem(post(Map.of("input", "x", "pooling", "max")), 400);
        problem(post(Map.of("model", "bge-small-en-v1.5")), 400).body("detail", containsString("input"));
        problem(given().contentType(ContentType.JSON).body("{\"input\": [\"a\", ").post("/v1/embeddings"), 400);
        // Bytes that are not UTF-8 inside a JSON string.
        byte[] invalid = "{\"input\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        problem(given().contentType(ContentType.JSON).body(invalid).post("/v1/embeddings"), 400);
        problem(given().contentType(ContentType.JSON).body("{\"input\": \"\\ud800 lone\"}").post("/v1/embeddings"),
                400).body("detail", containsString("surrogate"));
        // A failed request leaves the service working.
        post(Map.of("input", "still fine")).then().statusCode(200);
    }

    @Test
    void meanPoolingAndUnnormalisedVectorsOnRequest() {
        List<Float> cls = post(Map.of("input", "pooling test")).path("data[0].embedding");
        List<Float> mean = post(Map.of("input", "pooling test", "pooling", "mean")).path("data[0].embedding");
        List<Float> raw = post(Map.of("input", "pooling test", "normalize", false)).path("data[0].embedding");
        assertThat(mean).isNotEqualTo(cls);
        double rawNorm = Math.sqrt(raw.stream().mapToDouble(f -> f * f).sum());
        assertThat(rawNorm).isGreaterThan(1.5);
    }

    @Test
    void statusShowsThePool() {
        given().get("/api/v1/embeddings/status").then().statusCode(200)
                .body("model", equalTo("bge-small-en-v1.5"))
                .body("modelChoice", equalTo("configured"))
                .body("provider", equalTo("cpu"))
                .body("pool.state", org.hamcrest.Matchers.oneOf("NORMAL", "PAUSED", "EMERGENCY"))
                .body("pool.workers", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("pool.batchTokens", org.hamcrest.Matchers.greaterThan(0));
    }
}
