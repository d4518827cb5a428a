package dev.corvid.markov.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One generation request on a {@link Chain}: up to {@code maxTries} walks, each tested like markovify's
 * {@code make_sentence} (length limits, the overlap test against the source messages), and the provenance of the
 * accepted output when asked for. Runs under the chain's read lock, which {@link Chain#generate} holds.
 */
final class ChainWalker {

    private final Chain chain;
    private final GenerateOptions options;
    private final SplittableRandom random;
    private int[] out;
    private int length;
    private double bits;
    /** Leading output words no chain state vouches for: seed words before the seed's last {@code order}. */
    private int unverified;

    ChainWalker(Chain chain, GenerateOptions options, SplittableRandom random) {
        this.chain = chain;
        this.options = options;
        this.random = random;
        this.out = new int[Math.max(16, options.maxWords() + chain.order + 2)];
    }

    Generated run() {
        int[] seed = null;
        if (options.seed() != null && !options.seed().isBlank()) {
            List<String> words = Tokenizer.words(options.seed());
            seed = new int[words.size()];
            int known = 0;
            for (String word : words) {
                int id = chain.vocab.find(word);
                if (id >= 0) {
                    seed[known++] = id;
                } else if (options.seedMode() == GenerateOptions.SeedMode.START) {
                    return Generated.none(0, "the seed word '" + word + "' never occurs in this scope");
                }
            }
            seed = Arrays.copyOf(seed, known);
            if (known == 0) {
                return Generated.none(0, "no word of the seed occurs in this scope");
            }
        }
        String lastFailure = "the scope has no messages";
        for (int attempt = 1; attempt <= options.maxTries(); attempt++) {
            String failure = walk(seed);
            if (failure == null) {
                return result(attempt);
            }
            lastFailure = failure;
        }
        return Generated.none(options.maxTries(), lastFailure);
    }

    /** One walk; null when it produced an acceptable output, else why not. */
    private String walk(int[] seed) {
        length = 0;
        bits = 0;
        unverified = 0;
        int[] window = new int[chain.order];
        if (seed != null) {
            String failure = start(seed, window);
            if (failure != null) {
                return failure;
            }
        }
        while (true) {
            int state = chain.states.find(window, 0);
            if (state < 0 || chain.total(state) == 0) {
                if (length == 0) {
                    return "the scope has no messages";
                }
                break;
            }
            int entry = chain.sample(state, random);
            int next = chain.nextAt(state, entry);
            bits -= Math.log((double) chain.countAt(state, entry) / chain.total(state));
            if (next == Vocabulary.END) {
                break;
            }
            if (length == options.maxWords()) {
                return "longer than " + options.maxWords() + " words";
            }
            push(next);
            System.arraycopy(window, 1, window, 0, chain.order - 1);
            window[chain.order - 1] = next;
        }
        if (length < options.minWords()) {
            return "shorter than " + options.minWords() + " words";
        }
        if (text().length() > options.maxChars()) {
            return "longer than " + options.maxChars() + " characters";
        }
        if (options.testOutput() && !original()) {
            return "too close to a source message";
        }
        return null;
    }

    /** Positions the walk after the seed; null on success. */
    private String start(int[] seed, int[] window) {
        if (options.seedMode() == GenerateOptions.SeedMode.CONTAIN) {
            int word = seed[random.nextInt(seed.length)];
            return startFrom(new int[] {word}, window);
        }
        return startFrom(seed, window);
    }

    /** The output starts with {@code prefix}: as a message start when possible, else anywhere. */
    private String startFrom(int[] prefix, int[] window) {
        int m = prefix.length;
        if (m >= chain.order) {
            System.arraycopy(prefix, m - chain.order, window, 0, chain.order);
            int state = chain.states.find(window, 0);
            if (state < 0 || chain.total(state) == 0) {
                return "the seed's last " + chain.order + " words never occur together in this scope";
            }
            for (int w : prefix) {
                push(w);
            }
            unverified = m - chain.order;
            return null;
        }
        Arrays.fill(window, Vocabulary.BEGIN);
        System.arraycopy(prefix, 0, window, chain.order - m, m);
        int strict = chain.states.find(window, 0);
        FirstWordIndex index = chain.firstWords();
        int from = index.start[prefix[0]];
        int to = index.start[prefix[0] + 1];
        long weight = strict >= 0 ? chain.total(strict) : 0;
        for (int i = from; i < to; i++) {
            int s = index.ids[i];
            if (startsWith(s, prefix)) {
                weight += chain.total(s);
            }
        }
        if (weight == 0) {
            return "the seed never occurs in this scope";
        }
        long pick = random.nextLong(weight);
        if (strict >= 0) {
            pick -= chain.total(strict);
            if (pick < 0) {
                for (int w : prefix) {
                    push(w);
                }
                return null;
            }
        }
        for (int i = from; i < to; i++) {
            int s = index.ids[i];
            if (startsWith(s, prefix)) {
                pick -= chain.total(s);
                if (pick < 0) {
                    for (int j = 0; j < chain.order; j++) {
                        window[j] = chain.states.token(s, j);
                        push(window[j]);
                    }
                    return null;
                }
            }
        }
        throw new IllegalStateException("seed weights out of step");
    }

    private boolean startsWith(int state, int[] prefix) {
        if (chain.total(state) == 0) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (chain.states.token(state, j) != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    private void push(int word) {
        if (length == out.length) {
            out = Arrays.copyOf(out, length * 2);
        }
        out[length++] = word;
    }

    /** markovify's {@code test_sentence_output}: no run of min(total, round(ratio·n))+1 words from one source. */
    private boolean original() {
        int overlapMax = (int) Math.min(options.maxOverlapTotal(), Math.rint(options.maxOverlapRatio() * length));
        int over = overlapMax + 1;
        int grams = Math.max(length - overlapMax, 1);
        for (int i = 0; i < grams; i++) {
            int len = Math.min(over, length - i);
            // A run of up to chain.order + 1 walked words lies inside one transition, which came from a source message.
            if ((len <= chain.order + 1 && i >= unverified) || chain.appears(out, i, len)) {
                return false;
            }
        }
        return true;
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            chain.vocab.appendTo(text, out[i]);
        }
        return Mentions.defuse(text.toString());
    }

    private Generated result(int tries) {
        List<Generated.Part> parts = List.of();
        if (options.debug()) {
            parts = new ArrayList<>();
            int i = 0;
            while (i < length) {
                int lo = 1;
                int hi = length - i;
                int best = 1;
                int bestSource = chain.source(out, i, 1);
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    int found = chain.source(out, i, mid);
                    if (found >= 0) {
                        best = mid;
                        bestSource = found;
                        lo = mid + 1;
                    } else {
                        hi = mid - 1;
                    }
                }
                StringBuilder part = new StringBuilder();
                for (int j = i; j < i + best; j++) {
                    part.append(j > i ? " " : "");
                    chain.vocab.appendTo(part, out[j]);
                }
                parts.add(new Generated.Part(Mentions.defuse(part.toString()),
                        bestSource < 0 ? -1 : chain.sources.seq(bestSource)));
                i += best;
            }
        }
        return new Generated(text(), length, tries, bits / Math.log(2) / Math.max(1, length), parts, null);
    }
}
