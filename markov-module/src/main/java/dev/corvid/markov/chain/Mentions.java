package dev.corvid.markov.chain;

import java.util.regex.Pattern;

/**
 * Makes generated text safe to post. {@code @everyone} and {@code @here} get a zero-width space after the {@code @},
 * so they neither ping nor render as mentions even if a client posts with default allowed mentions. User, role and
 * channel mentions ({@code <@id>}, {@code <@&id>}) stay as written: posted with allowed mentions off, as the API
 * tells clients to, they render as names without notifying anyone.
 */
final class Mentions {

    private static final Pattern MASS = Pattern.compile("@(everyone|here)");

    private Mentions() {
    }

    public static String defuse(String text) {
        return text.indexOf('@') < 0 ? text : MASS.matcher(text).replaceAll("@\u200B$1");
    }
}
