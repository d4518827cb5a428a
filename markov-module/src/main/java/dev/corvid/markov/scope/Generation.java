package dev.corvid.markov.scope;

import java.util.List;

/**
 * A generated message as the API returns it.
 *
 * @param text the message, or null when no walk passed the filters
 * @param words its word count
 * @param tries walks taken
 * @param score mean surprisal in bits per word (higher: less predictable)
 * @param failure why {@code text} is null
 * @param mentionSafe always true: the text cannot ping {@code @everyone}/{@code @here}; post it with allowed
 *        mentions off (Discord {@code allowed_mentions: {"parse": []}}) and no user or role is pinged either
 * @param parts with debug: runs of the output and the id of a source message each appears in (null: none)
 */
public record Generation(String text, int words, int tries, double score, String failure, boolean mentionSafe,
        List<Part> parts) {

    public record Part(String text, String sourceMessageId) {
    }
}
