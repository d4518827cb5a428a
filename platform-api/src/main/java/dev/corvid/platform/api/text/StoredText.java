package dev.corvid.platform.api.text;

/**
 * The one rule for text that reaches storage: valid Unicode (no lone surrogate, which UTF-8 cannot encode) and no
 * NUL character (which PostgreSQL's {@code text} cannot hold). Request bodies are checked by the platform's JSON
 * configuration; path segments and query values by its HTTP layer; modules call this for text they parse
 * themselves (imported files).
 */
public final class StoredText {

    private StoredText() {
    }

    /**
     * What is wrong with {@code text} as stored text, as a phrase ({@code "contains a NUL character at
     * position 3"}), or null when it is fine (null itself is fine: whether a value is required is the caller's
     * rule).
     */
    public static String problem(CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character at position " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains a lone surrogate at position " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "contains a lone surrogate at position " + i;
            }
        }
        return null;
    }
}
