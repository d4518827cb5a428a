package dev.corvid.markov;

import static dev.corvid.markov.MarkovApi.BASE;
import static dev.corvid.markov.MarkovApi.brown;
import static dev.corvid.markov.MarkovApi.digest;
import static dev.corvid.markov.MarkovApi.train;
import static dev.corvid.markov.MarkovApi.unique;
import static dev.corvid.markov.MarkovApi.writer;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Training, forgetting and generating on one scope at the same time: nothing fails, nothing is lost. */
@QuarkusTest
class MarkovConcurrencyTest {

    @Test
    void concurrentTrainingAndGenerationOnOneScopeAreSafe() throws Exception {
        String scope = unique("busy");
        List<Map<String, Object>> messages = brown(3000);
        train(scope, messages.subList(0, 200));
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int from = 200; from < 3000; from += 200) {
                List<Map<String, Object>> batch = messages.subList(from, from + 200);
                calls.add(CompletableFuture.supplyAsync(() -> writer().body(batch)
                        .post(BASE + scope + "/messages/batch").statusCode(), clients));
                for (int g = 0; g < 10; g++) {
                    calls.add(CompletableFuture.supplyAsync(() -> writer().body(Map.of("maxTries", 20))
                            .post(BASE + scope + "/generate").statusCode(), clients));
                }
            }
            for (int i = 0; i < 100; i += 10) {
                String id = (String) messages.get(i).get("id");
                calls.add(CompletableFuture.supplyAsync(() -> writer().delete(BASE + scope + "/messages/" + id)
                        .statusCode(), clients));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertThat(calls).allSatisfy(call -> assertThat(call.join()).isEqualTo(200));
        } finally {
            clients.shutdownNow();
        }
        List<Map<String, Object>> rest = new ArrayList<>(messages);
        for (int i = 90; i >= 0; i -= 10) {
            rest.remove(i);
        }
        String sequential = unique("calm");
        train(sequential, rest);
        assertThat(digest(scope)).isEqualTo(digest(sequential));
        writer().get(BASE + scope).then().statusCode(200)
                .body("chain.messages", org.hamcrest.Matchers.equalTo(2990));
    }
}
