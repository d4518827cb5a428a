package dev.corvid.markov.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Discord message into words the way markovify does (on whitespace), but never inside a code span or code
 * block. Mentions ({@code <@123>}, {@code <@&123>}, {@code <#123>}), custom emoji ({@code <:name:id>}), unicode emoji
 * and URLs contain no whitespace, so they stay whole; case and punctuation stay as written. Runs of whitespace
 * (outside code) collapse, so the words joined by single spaces are the normalised message.
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    /** The words of {@code text}; empty when it holds only whitespace. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                if (text.charAt(i) == '`') {
                    int close = codeEnd(text, i);
                    if (close > i) {
                        i = close;
                        continue;
                    }
                }
                i++;
            }
            words.add(text.substring(start, i));
        }
        return words;
    }

    /** Whether {@code text} has no word at all (only whitespace); cheaper than {@code words(text).isEmpty()}. */
    public static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The message as the chain sees it: its words joined by single spaces. */
    public static String normalise(String text) {
        return String.join(" ", words(text));
    }

    /** Index just past the code span or block that opens at {@code at}, or {@code at} when it is not closed. */
    private static int codeEnd(String text, int at) {
        int fence = 0;
        while (at + fence < text.length() && text.charAt(at + fence) == '`' && fence < 3) {
            fence++;
        }
        String marker = "`".repeat(fence);
        int close = text.indexOf(marker, at + fence);
        return close < 0 ? at : close + fence;
    }

    private static boolean isSpace(char c) {
        if (c < 128) {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F');
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
