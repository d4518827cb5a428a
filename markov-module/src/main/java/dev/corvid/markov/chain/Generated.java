package dev.corvid.markov.chain;

import java.util.List;

/**
 * One generated message, or none ({@code text == null}) when every try failed the filters.
 *
 * @param text the message, safe to post: {@code @everyone}/{@code @here} are defused; post it with allowed
 *        mentions off so user and role mentions render without pinging
 * @param words how many words it has
 * @param tries walks it took, this one included
 * @param score mean surprisal in bits per word: higher means less predictable, more original output
 * @param parts with {@code debug}, the output cut into runs that each appear in one source message
 * @param failure why there is no text
 */
public record Generated(String text, int words, int tries, double score, List<Part> parts, String failure) {

    /** A run of words and the store sequence number of a source message that contains it (-1: none does). */
    public record Part(String text, long sourceSeq) {
    }

    static Generated none(int tries, String failure) {
        return new Generated(null, 0, tries, 0, List.of(), failure);
    }
}
