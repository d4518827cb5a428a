package dev.corvid.markov;

import static dev.corvid.markov.MarkovApi.BASE;
import static dev.corvid.markov.MarkovApi.digest;
import static dev.corvid.markov.MarkovApi.unique;
import static dev.corvid.markov.MarkovApi.writer;
import static dev.corvid.markov.MarkovApiTest.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import dev.corvid.platform.support.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streamed imports of the two Discord formats and our own, progress events, failures part-way and resuming. */
@QuarkusTest
class MarkovImportTest {

    private static byte[] file(String name) {
        return TestData.bytes("markov/" + name + (name.startsWith("discord-export") ? ".gz" : ""));
    }

    private static Response upload(String scope, byte[] body, String query) {
        return writer().body(body).post(BASE + scope + "/import" + query);
    }

    @Test
    void markovDiscordFileImportsOnceEvenWhenSentTwice() throws IOException {
        String scope = unique("import");
        byte[] body = file("import-sample.json");
        upload(scope, body, "").then().statusCode(200)
                .body("format", equalTo("markov-discord"))
                .body("acknowledged", equalTo(2000))
                .body("duplicates", equalTo(0))
                .body("done", equalTo(true))
                .body("bytesRead", equalTo(body.length))
                .body("resumeAfter", notNullValue());
        upload(scope, body, "?format=markov-discord").then().statusCode(200)
                .body("acknowledged", equalTo(0)).body("duplicates", equalTo(2000));
        writer().get(BASE + scope).then().body("chain.messages", equalTo(2000));
    }

    @Test
    void discordChatExporterSkipsBotsAndEmptyMessages() throws IOException {
        String scope = unique("import");
        upload(scope, file("discord-export-sample.json"), "").then().statusCode(200)
                .body("format", equalTo("discord-export"))
                .body("acknowledged", equalTo(1960))
                .body("skipped", equalTo(40));
        writer().get(BASE + scope).then().body("chain.messages", equalTo(1960));
        // Leading "@Name" mentions were stripped and bot lines never learned.
        writer().get(BASE + scope + "/export").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("\"content\":\"@")))
                .body(org.hamcrest.Matchers.not(containsString("MarkovBot")));
    }

    @Test
    void progressArrivesAsServerSentEvents() throws IOException {
        String scope = unique("import");
        String events = writer().accept("text/event-stream").body(file("import-sample.json"))
                .post(BASE + scope + "/import").then().statusCode(200).extract().asString();
        assertThat(events).contains("event:progress").contains("event:done").contains("\"messagesPerSecond\"")
                .contains("\"etaSeconds\"").contains("\"acknowledged\":2000");
        // Regression: every event carried a stray "content-type:text/plain" line.
        assertThat(events).doesNotContain("content-type");
    }

    /** Regression: a lone surrogate in an imported id was stored (it showed in the export) but never learned. */
    @Test
    void importedTextThatCannotBeStoredFailsNamingTheItemAndStoresNothingOfIt() {
        String scope = unique("import-bad");
        String body = "{\"id\":\"1\",\"content\":\"a fine first message\"}\n"
                + "{\"id\":\"2\\ud800\",\"content\":\"a lone surrogate in the id\"}\n";
        String events = writer().accept("text/event-stream").contentType("application/x-ndjson")
                .body(body.getBytes(StandardCharsets.UTF_8)).post(BASE + scope + "/import?format=corvid").then()
                .statusCode(200).extract().asString();
        assertThat(events).contains("event:error").contains("lone surrogate");
        String export = writer().get(BASE + scope + "/export").then().extract().asString();
        assertThat(export).doesNotContain("\"id\":\"2");
    }

    @Test
    void aTruncatedUploadKeepsWhatItStoredAndResumes() throws IOException {
        String scope = unique("import");
        byte[] whole = file("import-sample.json");
        byte[] half = Arrays.copyOf(whole, whole.length * 3 / 4);
        Response failed = upload(scope, half, "");
        problem(failed, 400).body("detail", containsString("resume with resumeAfter="));
        int stored = failed.path("acknowledged");
        String resumeAfter = failed.path("resumeAfter");
        assertThat(stored).isGreaterThan(1000).isLessThan(2000);
        writer().get(BASE + scope).then().body("chain.messages", equalTo(stored));

        upload(scope, whole, "?resumeAfter=" + resumeAfter).then().statusCode(200)
                .body("acknowledged", equalTo(2000 - stored)).body("duplicates", equalTo(0));
        String reference = unique("import");
        upload(reference, whole, "").then().statusCode(200);
        assertThat(digest(scope)).isEqualTo(digest(reference));
    }

    /** Server errors counted so far (every status 5xx), from /q/metrics. */
    private static double serverErrors() {
        return io.restassured.RestAssured.given().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("corvid_platform_errors_total{") && l.contains("status=\"5"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void anEventStreamImportEndsWithoutAServerError() throws IOException {
        // Regression: closing the event sink inside the method made Quarkus write the response a second time,
        // which logged and counted a 500 after every streamed import.
        double before = serverErrors();
        writer().accept("text/event-stream").body(file("import-sample.json")).post(BASE + unique("import") + "/import")
                .then().statusCode(200);
        assertThat(serverErrors()).isEqualTo(before);
    }

    @Test
    void invalidJsonMidStreamIsReportedAsAnSseErrorToo() throws IOException {
        String scope = unique("import");
        byte[] whole = file("import-sample.json");
        String broken = new String(whole, 0, whole.length / 2, StandardCharsets.UTF_8) + "}}}]";
        String events = writer().accept("text/event-stream").body(broken.getBytes(StandardCharsets.UTF_8))
                .post(BASE + scope + "/import").then().statusCode(200).extract().asString();
        assertThat(events).contains("event:error").contains("\"status\":400").contains("resumeAfter")
                .contains("Invalid JSON");
    }

    @Test
    void wrongOrUnreadableFormatsAreRefusedBeforeAnythingIsStored() throws IOException {
        String scope = unique("import");
        problem(upload(scope, file("import-sample.json"), "?format=discord-export"), 400)
                .body("detail", containsString("markov-discord"));
        problem(upload(scope, "hello world".getBytes(StandardCharsets.UTF_8), ""), 400)
                .body("detail", containsString("not JSON"));
        problem(upload(scope, "[{\"text\": \"no message field\"}]".getBytes(StandardCharsets.UTF_8), ""), 400)
                .body("detail", containsString("\"message\""));
        problem(upload(scope, "".getBytes(StandardCharsets.UTF_8), ""), 400);
        problem(upload(scope, file("import-sample.json"), "?format=yaml"), 400);
        problem(writer().get(BASE + scope), 404);
    }

    @Test
    void importsMayExceedTheOrdinaryBodyLimitButOtherRequestsMayNot() throws IOException {
        // 12 copies of the 2,000-item sample: about 3.9 MB, over the test profile's 2 MB corvid.http.max-body-size.
        String items = new String(file("import-sample.json"), StandardCharsets.UTF_8).strip();
        items = items.substring(1, items.length() - 1);
        byte[] big = ("[" + String.join(",", java.util.Collections.nCopies(12, items)) + "]")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(big.length).isGreaterThan(2 * 1024 * 1024);
        String scope = unique("import");
        upload(scope, big, "").then().statusCode(200).body("acknowledged", equalTo(24_000));
        problem(writer().body(big).post(BASE + scope + "/messages/batch"), 413)
                .body("detail", containsString("corvid.http.max-body-size"));
    }

    @Test
    void exportThenImportGivesTheSameChain() throws IOException {
        String scope = unique("import");
        upload(scope, file("discord-export-sample.json"), "").then().statusCode(200);
        String ndjson = writer().get(BASE + scope + "/export").then().statusCode(200)
                .contentType(containsString("application/x-ndjson")).extract().asString();
        List<String> lines = ndjson.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1960);
        String copy = unique("import");
        writer().contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8)).post(BASE + copy + "/import").then()
                .statusCode(200).body("format", equalTo("corvid")).body("acknowledged", equalTo(1960));
        assertThat(digest(copy)).isEqualTo(digest(scope));
        problem(writer().get(BASE + unique("none") + "/export"), 404);
    }
}
