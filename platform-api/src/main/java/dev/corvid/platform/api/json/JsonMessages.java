package dev.corvid.platform.api.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Jackson's failure messages as a client can read them: without Java types, settings and source descriptions. The
 * one place that knows Jackson's wording, for every error body and import report that quotes it.
 */
public final class JsonMessages {

    private static final int MAX = 200;

    private JsonMessages() {
    }

    /** Jackson's message without its Java-specific parts (class names, source locations, settings), abbreviated. */
    public static String plain(String message) {
        String clean = message.replaceAll(" at \\[Source.*", "").replaceAll("\\(class [^)]*\\)", "")
                .replaceAll(" \\(bound as [^)]*\\)", "").replaceAll(": not allowed as per `[^`]*`", "")
                .replaceAll("`[a-zA-Z_$][\\w$.]*`", "value").replaceAll("\\(for .*?\\)", "")
                .replaceAll("; nested exception.*", "").strip();
        return clean.length() > MAX ? clean.substring(0, MAX - 3) + "..." : clean;
    }

    /** "line L, column C: " and the plain message, or the plain message alone when Jackson knows no location. */
    public static String located(JsonProcessingException failure) {
        JsonLocation at = failure.getLocation();
        String message = plain(failure.getOriginalMessage());
        return at == null ? message : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
    }
}
