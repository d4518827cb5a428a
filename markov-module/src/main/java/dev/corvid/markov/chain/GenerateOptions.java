package dev.corvid.markov.chain;

/**
 * What a generated message must look like.
 *
 * @param seed phrase to start with or to contain (null for none)
 * @param seedMode how the seed is used
 * @param minWords fewest words in the output
 * @param maxWords most words in the output
 * @param maxChars most characters in the output
 * @param maxTries walks before giving up
 * @param maxOverlapRatio markovify's {@code max_overlap_ratio}: a run of {@code round(ratio·words)+1} words that
 *        appears in one source message rejects the output
 * @param maxOverlapTotal markovify's {@code max_overlap_total}: caps that run at this many words + 1
 * @param testOutput whether to run the overlap test at all
 * @param randomSeed seed of the random walk, for repeatable output; null draws one
 * @param debug whether to report which source messages each part came from
 */
public record GenerateOptions(String seed, SeedMode seedMode, int minWords, int maxWords, int maxChars, int maxTries,
        double maxOverlapRatio, int maxOverlapTotal, boolean testOutput, Long randomSeed, boolean debug) {

    /** How a seed phrase steers the output. */
    public enum SeedMode {
        /** The output starts with the seed phrase. */
        START,
        /** The output contains at least one of the seed's words. */
        CONTAIN
    }

    /** markovify's defaults: 70 % / 15 words overlap, 10 tries; Discord's 2,000-character message cap. */
    public static GenerateOptions defaults() {
        return new GenerateOptions(null, SeedMode.START, 1, 50, 2000, 10, 0.7, 15, true, null, false);
    }

    public GenerateOptions withSeed(String phrase, SeedMode mode) {
        return new GenerateOptions(phrase, mode, minWords, maxWords, maxChars, maxTries, maxOverlapRatio,
                maxOverlapTotal, testOutput, randomSeed, debug);
    }

    public GenerateOptions withRandomSeed(Long value) {
        return new GenerateOptions(seed, seedMode, minWords, maxWords, maxChars, maxTries, maxOverlapRatio,
                maxOverlapTotal, testOutput, value, debug);
    }

    public GenerateOptions withDebug(boolean value) {
        return new GenerateOptions(seed, seedMode, minWords, maxWords, maxChars, maxTries, maxOverlapRatio,
                maxOverlapTotal, testOutput, randomSeed, value);
    }

    public GenerateOptions withTries(int value) {
        return new GenerateOptions(seed, seedMode, minWords, maxWords, maxChars, value, maxOverlapRatio,
                maxOverlapTotal, testOutput, randomSeed, debug);
    }
}
