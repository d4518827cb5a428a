package dev.corvid.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corvid.platform.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.engine.SourceOfRandomness;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the OpenAPI document with hostile variants of each parameter and body field, and asserts
 * for each request: a 4xx in the API's own format (problem+json; MLflow's {@code {"error_code", "message"}} under
 * {@code /api/2.0/mlflow/}), no Java or Jackson names in the body, and the stored state unchanged (a fingerprint of
 * every row of every module table, before and after each operation).
 *
 * <p>Each variant is invalid by construction, whatever the rest of the request: text with a NUL character or a lone
 * surrogate (generated with jqwik: random text with the bad character at a random place, seeded), the wrong JSON type
 * for a field, numbers out of range, timestamps out of range, text after the document, a key twice, no
 * Content-Type. Requests are sent with the admin key, so no answer is a 401 or 403 instead of the real verdict.
 */
@QuarkusTest
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Writes every non-ASCII character as a JSON escape: a lone surrogate has no UTF-8 form, and an HTTP client
     * would send it as '?'; escaped ({@code \\udc00}) it reaches the server as the hostile value it is.
     */
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{(\\w+)}");
    private static final List<String> LEAKS = List.of("dev.corvid", "java.", "javax.", "jakarta.", "com.fasterxml",
            "Exception", "io.vertx", "io.quarkus", "StreamReadConstraints", "DeserializationFeature");
    /** Tables whose rows are derived or written by the platform itself, not by requests. */
    private static final List<String> NOT_REQUEST_STATE = List.of("platform.instance_start",
            "markov.snapshot", "markov.snapshot_part");
    private static final int GENERATED_PER_FIELD = 3;
    /** Fields MLflow's protos mark required ({@code validate_required}); the OpenAPI document cannot say so. */
    private static final Set<String> MLFLOW_REQUIRED = Set.of("name", "key", "version", "alias", "new_name");

    @Inject
    Pool pool;

    private final Map<String, String> fixtures = new LinkedHashMap<>();
    private final List<String> findings = new ArrayList<>();
    private int requests;

    @Test
    void everyOperationAnswersHostileInputWithA4xxAndChangesNothing() throws Exception {
        // jqwik's samples outside a property draw from this thread's source of randomness: seeded, so a finding
        // reproduces.
        SourceOfRandomness.create("20261203");
        createFixtures();
        JsonNode openapi = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());
        JsonNode schemas = openapi.path("components").path("schemas");
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String before = fingerprint();
                int sent = walk(op.getKey().toUpperCase(), path.getKey(), op.getValue(), schemas);
                if (sent > 0) {
                    operations++;
                    String after = fingerprint();
                    if (!after.equals(before)) {
                        findings.add(op.getKey().toUpperCase() + " " + path.getKey() + ": stored state changed");
                    }
                }
            }
        }
        System.out.printf("HostileInputTest: %d hostile requests over %d operations, %d findings%n", requests,
                operations, findings.size());
        assertThat(operations).as("operations walked").isGreaterThan(50);
        assertThat(requests).as("hostile requests sent").isGreaterThan(500);
        assertThat(findings).as("%d hostile requests over %d operations; findings:%n%s", requests, operations,
                String.join("\n", findings)).isEmpty();
    }

    /** Regression: the OpenAPI document showed Java types (JsonNode, java.nio.file.Path, FileSystem …) as schemas. */
    @Test
    void theOpenApiDocumentDescribesWireTypesNotJavaTypes() throws Exception {
        JsonNode schemas = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString()).path("components").path("schemas");
        List<String> names = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(names::add);
        assertThat(names).doesNotContain("JsonNode", "JsonNodeType", "ObjectNode", "Path", "FileSystem", "FileStore",
                "UserPrincipalLookupService", "OutboundSseEvent", "MediaType", "Instant");
        // One tag per module, described by the module's own descriptor.
        JsonNode tags = JSON.readTree(given().get("/q/openapi?format=json").then().extract().asString()).path("tags");
        List<String> described = new ArrayList<>();
        tags.forEach(t -> described.add(t.path("name").asText() + ": " + t.path("description").asText()));
        assertThat(described).contains("markov: Per-guild Markov chains: train, generate, forget",
                "platform: Instance info, feature flags, starts, API keys");
    }

    // ---- the walk ------------------------------------------------------------------------------------------

    private int walk(String method, String template, JsonNode operation, JsonNode schemas) {
        int before = requests;
        Map<String, String> pathValues = new LinkedHashMap<>();
        List<JsonNode> queryParameters = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            switch (parameter.path("in").asText()) {
                case "path" -> pathValues.put(parameter.path("name").asText(),
                        fixtures.getOrDefault(parameter.path("name").asText(), "x"));
                case "query" -> queryParameters.add(parameter);
                default -> { }
            }
        }
        JsonNode jsonBody = operation.path("requestBody").path("content").path("application/json").path("schema");
        // Bodies that are files (imports) are read by their own parser; their query parameters are still walked.
        JsonNode base = jsonBody.isMissingNode() || "string".equals(resolve(jsonBody, schemas).path("type").asText())
                ? null : example(jsonBody, schemas, 0);

        // Path parameters: a NUL inside the segment.
        for (String name : pathValues.keySet()) {
            Map<String, String> hostile = new LinkedHashMap<>(pathValues);
            hostile.put(name, pathValues.get(name) + "%00x");
            send(method, template, hostile, Map.of(), base, "path parameter " + name + " with NUL");
        }
        // Query parameters: the wrong type for typed ones, NUL for every one.
        for (JsonNode parameter : queryParameters) {
            String name = parameter.path("name").asText();
            String type = parameter.path("schema").path("type").asText();
            List<String> values = new ArrayList<>(List.of("a%00b"));
            switch (type) {
                case "integer" -> values.addAll(List.of("abc", "1e400", "18446744073709551616", "2.5"));
                case "number" -> values.addAll(List.of("abc", "1e400"));
                case "boolean" -> values.addAll(List.of("yes", "2"));
                default -> { }
            }
            for (String value : values) {
                send(method, template, pathValues, Map.of(name, value), base, "query " + name + "=" + value);
            }
        }
        if (base != null) {
            // The whole document: text after it, a second one, a key twice, the wrong shape, no Content-Type.
            String valid = base.toString();
            sendRaw(method, template, pathValues, valid + " xyz", "application/json", "trailing text");
            sendRaw(method, template, pathValues, valid + valid, "application/json", "two documents");
            sendRaw(method, template, pathValues, base.isArray() ? "{}" : "[" + valid + "]", "application/json",
                    "wrong shape");
            sendRaw(method, template, pathValues, valid, null, "no Content-Type");
            if (base.isObject() && base.size() > 0) {
                String first = base.fieldNames().next();
                sendRaw(method, template, pathValues, "{\"" + first + "\": " + base.get(first) + ", "
                        + valid.substring(1), "application/json", "duplicate key " + first);
            }
            // Each field: values that no schema accepts.
            for (Variant variant : fieldVariants(base, jsonBody, schemas)) {
                send(method, template, pathValues, Map.of(), variant.body(), variant.what());
            }
        }
        return requests - before;
    }

    private record Variant(JsonNode body, String what) {
    }

    /** For each field of the body (one level into arrays and objects), the body with that field made hostile. */
    private List<Variant> fieldVariants(JsonNode base, JsonNode schema, JsonNode schemas) {
        List<Variant> variants = new ArrayList<>();
        JsonNode resolved = resolve(schema, schemas);
        if (base.isArray() && base.size() > 0) {
            for (Variant item : fieldVariants(base.get(0), resolved.path("items"), schemas)) {
                ArrayNode array = NODES.arrayNode().add(base.get(0).deepCopy()).add(item.body());
                variants.add(new Variant(array, "/1" + item.what()));
            }
            return variants;
        }
        if (!base.isObject()) {
            return variants;
        }
        Set<String> required = new HashSet<>();
        resolved.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> fields = resolved.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<JsonNode> bad = hostileValues(field.getValue(), schemas);
            if (required.contains(field.getKey()) || MLFLOW_REQUIRED.contains(field.getKey())) {
                bad.add(NODES.nullNode());
            }
            for (JsonNode value : bad) {
                ObjectNode body = ((ObjectNode) base).deepCopy();
                body.set(field.getKey(), value);
                variants.add(new Variant(body, "/" + field.getKey() + " = " + value));
            }
        }
        return variants;
    }

    private List<JsonNode> hostileValues(JsonNode schema, JsonNode schemas) {
        JsonNode s = resolve(schema, schemas);
        String type = s.path("type").asText();
        List<JsonNode> values = new ArrayList<>();
        switch (type) {
            case "string" -> {
                values.add(NODES.numberNode(123));
                values.add(NODES.booleanNode(true));
                values.add(NODES.objectNode().put("a", 1));
                generatedBadText().forEach(t -> values.add(NODES.textNode(t)));
                if ("date-time".equals(s.path("format").asText())) {
                    values.add(NODES.textNode("+999999999-01-01T00:00:00Z"));
                    values.add(NODES.textNode("yesterday"));
                    values.add(NODES.numberNode(new java.math.BigDecimal("1e400")));
                }
            }
            case "integer" -> {
                values.add(NODES.textNode("2"));
                values.add(NODES.numberNode(2.5));
                values.add(NODES.numberNode(new java.math.BigInteger("18446744073709551616")));
                values.add(NODES.booleanNode(true));
            }
            case "number" -> {
                values.add(NODES.textNode("0.5"));
                values.add(NODES.numberNode(new java.math.BigDecimal("1e400")));
                values.add(NODES.booleanNode(false));
            }
            case "boolean" -> {
                values.add(NODES.textNode("true"));
                values.add(NODES.numberNode(1));
            }
            case "array" -> {
                values.add(NODES.textNode("not an array"));
                JsonNode items = resolve(s.path("items"), schemas);
                if ("string".equals(items.path("type").asText())) {
                    generatedBadText().forEach(t -> values.add(NODES.arrayNode().add(t)));
                }
            }
            case "object" -> {
                values.add(NODES.textNode("not an object"));
                generatedBadText().forEach(t -> values.add(NODES.objectNode().put(t, "value")));
                generatedBadText().forEach(t -> values.add(NODES.objectNode().put("key", t)));
            }
            default -> { }
        }
        return values;
    }

    /** Text that cannot be stored: random printable text with a NUL or a lone surrogate at a random place. */
    private static final Arbitrary<String> BAD_TEXT = Combinators.combine(
            Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00e0', '\u00ff').ofMaxLength(12),
            Arbitraries.of('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12)).as((a, bad, b) -> a + bad + b);

    private List<String> generatedBadText() {
        return BAD_TEXT.sampleStream().limit(GENERATED_PER_FIELD).toList();
    }

    // ---- requests ------------------------------------------------------------------------------------------

    private void send(String method, String template, Map<String, String> pathValues, Map<String, String> query,
            JsonNode body, String what) {
        StringBuilder uri = new StringBuilder(path(template, pathValues));
        String separator = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(separator).append(q.getKey()).append('=').append(q.getValue());
            separator = "&";
        }
        sendRaw(method, uri.toString(), Map.of(), body == null ? null : escaped(body),
                body == null ? null : "application/json", what);
    }

    private static String escaped(JsonNode body) {
        try {
            return ESCAPING.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sendRaw(String method, String template, Map<String, String> pathValues, String body,
            String contentType, String what) {
        String uri = path(template, pathValues);
        requests++;
        Response response;
        if (body != null && contentType == null) {
            response = rawWithoutContentType(method, uri, body);
        } else {
            var request = given().urlEncodingEnabled(false).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN));
            if (body != null) {
                request = request.contentType(contentType).body(body);
            }
            response = request.request(method, uri);
        }
        check(method + " " + uri + " (" + abbreviate(what) + ")", uri, response);
    }

    /** REST Assured always sends a Content-Type with a body; java.net.http sends none unless told. */
    private Response rawWithoutContentType(String method, String uri, String body) {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:" + io.restassured.RestAssured.port + uri))
                    .header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new io.restassured.builder.ResponseBuilder().setStatusCode(response.statusCode())
                    .setContentType(response.headers().firstValue("Content-Type").orElse(""))
                    .setBody(response.body()).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void check(String request, String uri, Response response) {
        int status = response.statusCode();
        String type = response.contentType() == null ? "" : response.contentType();
        String body = response.asString();
        boolean mlflow = uri.startsWith("/api/2.0/mlflow/");
        if (status < 400 || status >= 500 || status == 401 || status == 403) {
            findings.add(request + ": status " + status + " " + abbreviate(body));
            return;
        }
        boolean format = mlflow ? type.startsWith("application/json") && body.contains("\"error_code\"")
                && body.contains("\"message\"") : type.startsWith("application/problem+json")
                        && body.contains("\"detail\"");
        if (!format) {
            findings.add(request + ": " + status + " not in the API's error format: " + type + " " + abbreviate(body));
        }
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                findings.add(request + ": the error names '" + leak + "': " + abbreviate(body));
            }
        }
    }

    private static String path(String template, Map<String, String> values) {
        Matcher m = PATH_PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group(0))));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- example bodies from the schema --------------------------------------------------------------------

    private JsonNode example(JsonNode schema, JsonNode schemas, int depth) {
        JsonNode s = resolve(schema, schemas);
        return switch (s.path("type").asText()) {
            case "array" -> depth > 2 ? NODES.arrayNode() : NODES.arrayNode().add(example(s.path("items"), schemas,
                    depth + 1));
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(0.5);
            case "boolean" -> NODES.booleanNode(false);
            case "string" -> "date-time".equals(s.path("format").asText()) ? NODES.textNode("2026-01-02T03:04:05Z")
                    : s.has("enum") ? NODES.textNode(s.path("enum").get(0).asText()) : NODES.textNode("x");
            default -> {
                ObjectNode object = NODES.objectNode();
                if (depth <= 2) {
                    s.path("properties").fields().forEachRemaining(f -> object.set(f.getKey(),
                            example(f.getValue(), schemas, depth + 1)));
                }
                yield object;
            }
        };
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        JsonNode s = schema;
        for (int i = 0; i < 5 && s.has("$ref"); i++) {
            s = schemas.path(s.path("$ref").asText().replace("#/components/schemas/", ""));
        }
        if (s.has("allOf") && s.path("allOf").size() == 1) {
            return resolve(s.path("allOf").get(0), schemas);
        }
        return s;
    }

    // ---- fixtures and state --------------------------------------------------------------------------------

    /** One of everything the paths name, so hostile requests meet real objects. */
    private void createFixtures() {
        var writer = given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN));
        String scope = "hostile-scope";
        writer.body(List.of(Map.of("id", "m1", "channel", "c1", "author", "a1", "content", "a hostile walk begins"),
                Map.of("id", "m2", "channel", "c1", "author", "a1", "content", "and every answer is a refusal")))
                .post("/api/v1/markov/scopes/" + scope + "/messages/batch").then().statusCode(200);
        String model = "hostile-model";
        writer.body(Map.of("name", model, "tags", Map.of("k1", "v1"))).post("/api/v1/registry/models").then()
                .statusCode(201);
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN))
                .body(Map.of("source", "s3://hostile/1")).post("/api/v1/registry/models/" + model + "/versions")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN))
                .body(Map.of("source", "s3://hostile/2")).post("/api/v1/registry/models/" + model + "/versions")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN))
                .body(Map.of("version", 1)).put("/api/v1/registry/models/" + model + "/aliases/champion").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", ApiKeys.bearer(ApiKeys.ADMIN))
                .body(Map.of("name", "hostile-ab", "model", model, "versionA", 1, "versionB", 2, "trafficToB", 0.5))
                .post("/api/v1/registry/ab-tests").then().statusCode(201);
        fixtures.putAll(Map.of("scope", scope, "id", "m1", "author", "a1", "channel", "c1", "name", model,
                "version", "1", "alias", "champion", "key", "k1", "test", "hostile-ab", "flag", "markov-replies"));
    }

    /** Every row of every module table (but derived caches), as one string: equal strings, equal state. */
    private String fingerprint() {
        List<String> tables = new ArrayList<>();
        for (Row row : pool.query("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('markov', 'mlregistry', 'platform') AND table_type = 'BASE TABLE'"
                + " AND table_name <> 'flyway_schema_history' ORDER BY 1").execute().await().indefinitely()) {
            if (!NOT_REQUEST_STATE.contains(row.getString(0))) {
                tables.add(row.getString(0));
            }
        }
        Map<String, String> digests = new TreeMap<>();
        for (String table : tables) {
            Row row = pool.query("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)),"
                    + " '') FROM " + table + " t").execute().await().indefinitely().iterator().next();
            digests.put(table, row.getString(0));
        }
        return digests.toString();
    }

    /** Short, and printable: control characters and surrogates as {@code \\uXXXX}, so a report shows them. */
    private static String abbreviate(String value) {
        String shown = value.length() > 160 ? value.substring(0, 157) + "..." : value;
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(c < 0x20 || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
