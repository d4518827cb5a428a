package dev.corvid.markov;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.platform.support.ApiKeys;
import dev.corvid.platform.support.TestData;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Shortcuts for the markov tests: a writer, unique scopes, Brown-corpus messages from test-data/. */
final class MarkovApi {

    static final String BASE = "/api/v1/markov/scopes/";

    private MarkovApi() {
    }

    static RequestSpecification writer() {
        return given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.WRITER));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The first {@code n} Brown messages as training messages (id, channel, author, content). */
    static List<Map<String, Object>> brown(int n) {
        return brown(n, 1);
    }

    /** {@code n} Brown messages, every {@code step}-th, so that they span several channels. */
    static List<Map<String, Object>> brown(int n, int step) {
        ObjectMapper json = new ObjectMapper();
        try (Stream<String> lines = TestData.lines("markov/brown-messages.jsonl.gz")) {
            List<Map<String, Object>> out = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger index = new java.util.concurrent.atomic.AtomicInteger();
            lines.filter(line -> index.getAndIncrement() % step == 0).limit(n).forEach(line -> {
                try {
                    JsonNode node = json.readTree(line);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", node.get("id").asText());
                    m.put("channel", node.get("channel").asText());
                    m.put("author", node.get("author").asText());
                    m.put("content", node.get("content").asText());
                    out.add(m);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return out;
        }
    }

    static void train(String scope, List<Map<String, Object>> messages) {
        writer().body(messages).post(BASE + scope + "/messages/batch").then().statusCode(200);
    }

    static String digest(String scope) {
        return writer().queryParam("digest", true).get(BASE + scope).then().statusCode(200).extract()
                .path("digest");
    }
}
