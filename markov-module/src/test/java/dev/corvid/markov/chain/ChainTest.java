package dev.corvid.markov.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChainTest {

    private static final Path BROWN = Path.of("../test-data/markov/brown-messages.jsonl.gz");
    private static List<String> corpus;

    @BeforeAll
    static void readCorpus() throws IOException {
        corpus = brown().subList(0, 5000);
    }

    /** Every Brown message's text, in corpus order, from the repository's test data. */
    static List<String> brown() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(BROWN), 1 << 16), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.add(json.readTree(line).get("content").asText());
            }
        }
        return out;
    }

    private static Chain train(int order, List<String> messages, long firstSeq) {
        Chain chain = new Chain(order);
        List<Chain.Change> changes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            changes.add(Chain.Change.add(firstSeq + i, messages.get(i)));
        }
        chain.apply(changes, firstSeq + messages.size());
        return chain;
    }

    @Test
    void forgettingMessagesLeavesExactlyTheChainOfTheRest() {
        for (int order = 1; order <= 3; order++) {
            Chain chain = train(order, corpus, 1);
            SplittableRandom random = new SplittableRandom(7);
            List<Chain.Change> forget = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                if (random.nextInt(3) == 0) {
                    forget.add(Chain.Change.forget(1 + i, corpus.get(i)));
                } else {
                    rest.add(corpus.get(i));
                }
            }
            chain.apply(forget, corpus.size() + 1);
            Chain rebuilt = train(order, rest, 1);
            assertThat(chain.digest()).as("order %d", order).isEqualTo(rebuilt.digest());
            assertThat(chain.stats().messages()).isEqualTo(rest.size());
            assertThat(chain.stats().transitions()).isEqualTo(rebuilt.stats().transitions());
            assertThat(chain.stats().states()).isEqualTo(rebuilt.stats().states());
        }
    }

    @Test
    void forgettingEverythingLeavesAnEmptyChain() {
        Chain chain = train(2, corpus.subList(0, 100), 1);
        List<Chain.Change> forget = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            forget.add(Chain.Change.forget(1 + i, corpus.get(i)));
        }
        chain.apply(forget, 200);
        assertThat(chain.digest()).isEqualTo(new Chain(2).digest());
        assertThat(chain.generate(GenerateOptions.defaults()).text()).isNull();
    }

    @Test
    void forgettingAMessageTwiceChangesNothingTheSecondTime() {
        Chain chain = train(2, corpus.subList(0, 50), 1);
        chain.apply(List.of(Chain.Change.forget(3, corpus.get(2))), 60);
        String once = chain.digest();
        chain.apply(List.of(Chain.Change.forget(3, corpus.get(2))), 61);
        assertThat(chain.digest()).isEqualTo(once);
    }

    @Test
    void snapshotRoundTripKeepsTheChainAndItsSources() {
        Chain chain = train(2, corpus, 10);
        chain.apply(List.of(Chain.Change.forget(12, corpus.get(2))), 9999);
        Chain copy = Chain.fromSnapshot(chain.snapshot());
        assertThat(copy.digest()).isEqualTo(chain.digest());
        assertThat(copy.stats()).usingRecursiveComparison().ignoringFields("memoryBytes")
                .isEqualTo(chain.stats());
        GenerateOptions options = GenerateOptions.defaults().withRandomSeed(42L).withDebug(true);
        Generated a = copy.generate(options);
        assertThat(a.text()).isNotNull();
        assertThat(a.parts()).allSatisfy(part -> assertThat(part.sourceSeq()).isBetween(10L, 10L + corpus.size()));
    }

    @Test
    void sameRandomSeedSameOutput() {
        Chain chain = train(2, corpus, 1);
        GenerateOptions options = GenerateOptions.defaults().withRandomSeed(1234L);
        assertThat(chain.generate(options)).isEqualTo(chain.generate(options));
        assertThat(chain.generate(options.withRandomSeed(99L)).text())
                .isNotEqualTo(chain.generate(options).text());
    }

    @Test
    void outputsPassMarkovifysOverlapTest() {
        Chain chain = train(2, corpus, 1);
        String joined = String.join("\n", corpus.stream().map(Tokenizer::normalise).toList());
        int produced = 0;
        for (long seed = 0; seed < 200; seed++) {
            Generated g = chain.generate(GenerateOptions.defaults().withRandomSeed(seed));
            if (g.text() == null) {
                continue;
            }
            produced++;
            List<String> words = Tokenizer.words(g.text());
            int overlapMax = (int) Math.min(15, Math.rint(0.7 * words.size()));
            for (int i = 0; i < Math.max(words.size() - overlapMax, 1); i++) {
                String gram = String.join(" ", words.subList(i, Math.min(words.size(), i + overlapMax + 1)));
                boolean inSomeMessage = corpus.stream().map(Tokenizer::normalise)
                        .anyMatch(m -> (" " + m + " ").contains(" " + gram + " "));
                assertThat(inSomeMessage).as("'%s' from '%s'", gram, g.text()).isFalse();
            }
            assertThat(joined.contains(g.text()) && corpus.contains(g.text())).isFalse();
        }
        assertThat(produced).isGreaterThan(100);
    }

    @Test
    void withoutTheTestShortCopiesOfSourcesAppearAndWithItTheyDoNot() {
        Chain chain = train(2, List.of("the cat sat", "the dog ran"), 1);
        GenerateOptions loose = new GenerateOptions(null, GenerateOptions.SeedMode.START, 1, 50, 2000, 1, 0.7, 15,
                false, 5L, true);
        Generated copy = chain.generate(loose);
        assertThat(copy.text()).isIn("the cat sat", "the dog ran", "the cat ran", "the dog sat");
        Generated strict = chain.generate(loose.withTries(50).withRandomSeed(5L));
        assertThat(chain.generate(new GenerateOptions(null, GenerateOptions.SeedMode.START, 1, 50, 2000, 50, 0.7,
                15, true, 5L, false)).text()).isNull();
        assertThat(strict.parts()).isNotEmpty();
    }

    @Test
    void seedStartsOrIsContained() {
        Chain chain = train(2, corpus, 1);
        for (long seed = 0; seed < 20; seed++) {
            Generated start = chain.generate(GenerateOptions.defaults().withTries(50).withRandomSeed(seed)
                    .withSeed("The jury", GenerateOptions.SeedMode.START));
            if (start.text() != null) {
                assertThat(start.text()).startsWith("The jury");
            }
            Generated contain = chain.generate(GenerateOptions.defaults().withTries(50).withRandomSeed(seed)
                    .withSeed("zzzunknown election", GenerateOptions.SeedMode.CONTAIN));
            if (contain.text() != null) {
                assertThat(Tokenizer.words(contain.text())).contains("election");
            }
        }
        assertThat(chain.generate(GenerateOptions.defaults().withSeed("zzzunknown", GenerateOptions.SeedMode.START))
                .failure()).contains("never occurs");
    }

    @Test
    void limitsAreRespected() {
        Chain chain = train(2, corpus, 1);
        GenerateOptions options = new GenerateOptions(null, GenerateOptions.SeedMode.START, 5, 12, 80, 200, 0.7, 15,
                true, 3L, false);
        for (long seed = 0; seed < 30; seed++) {
            Generated g = chain.generate(options.withRandomSeed(seed));
            if (g.text() != null) {
                assertThat(g.words()).isBetween(5, 12);
                assertThat(g.text().length()).isLessThanOrEqualTo(80);
                assertThat(g.tries()).isBetween(1, 200);
            }
        }
    }

    @Test
    void emptyMessagesAddNothing() {
        Chain chain = new Chain(2);
        chain.apply(List.of(Chain.Change.add(1, "   ")), 1);
        assertThat(chain.stats().messages()).isZero();
    }

    /** The whole corpus trains, survives a snapshot round trip byte for byte, and forgets back to nothing. */
    @Test
    void wholeBrownCorpusRoundTripsThroughASnapshotAndForgetsToNothing() throws IOException {
        List<String> all = brown();
        Chain chain = train(2, all, 1);
        assertThat(chain.stats().messages()).isEqualTo(57_340);

        Chain read = Chain.fromSnapshot(chain.snapshot());
        assertThat(read.digest()).isEqualTo(chain.digest());
        assertThat(read.stats().transitions()).isEqualTo(chain.stats().transitions());

        List<Chain.Change> forget = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            forget.add(Chain.Change.forget(1 + i, all.get(i)));
        }
        read.apply(forget, all.size() + 1);
        assertThat(read.stats().messages()).isZero();
        assertThat(read.digest()).isEqualTo(new Chain(2).digest());
    }

    @Test
    void aSmallScopeStaysSmallAndGrowsWithItsContent() {
        // 100 short Discord-like messages (the first three words of Brown sentences, 17 characters on average): the
        // shape of most guilds. ChainMemoryBenchmark measures the heap this takes beside the weigher.
        List<String> short100 = corpus.subList(0, 100).stream()
                .map(m -> m.split("\\s+")).map(w -> String.join(" ", java.util.Arrays.copyOf(w, Math.min(3,
                        w.length)))).toList();
        Chain chain = train(2, short100, 1);
        assertThat(chain.memoryBytes()).as("weighed bytes of a 100-message scope").isLessThanOrEqualTo(25 * 1024);
        assertThat(Chain.fromSnapshot(chain.snapshot()).memoryBytes()).isLessThanOrEqualTo(25 * 1024);
        assertThat(Chain.fromSnapshot(chain.snapshot()).digest()).isEqualTo(chain.digest());
        // Past the small-table size the state table switches to packed keys and still finds every state.
        Chain big = train(2, corpus, 1);
        Chain copy = Chain.fromSnapshot(big.snapshot());
        assertThat(big.stats().states()).isGreaterThan(StateTable.PACKED_FROM);
        assertThat(copy.digest()).isEqualTo(big.digest());
    }
}
