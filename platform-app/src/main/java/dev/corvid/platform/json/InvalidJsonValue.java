package dev.corvid.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON value of the right type that the strict configuration refuses (NUL in text, a timestamp out of range …).
 * The error mappers read {@link #expected()} and {@link #reason()} and add the field's path.
 */
public final class InvalidJsonValue extends MismatchedInputException {

    private final String expected;
    private final String reason;

    private InvalidJsonValue(JsonParser parser, String expected, String reason) {
        super(parser, "must be " + expected + "; " + reason);
        this.expected = expected;
        this.reason = reason;
    }

    static InvalidJsonValue of(JsonParser parser, String expected, String reason) {
        return new InvalidJsonValue(parser, expected, reason);
    }

    /** What the field must be, as a phrase ("a finite number"). */
    public String expected() {
        return expected;
    }

    /** Why this value is not that ("it is out of range"). */
    public String reason() {
        return reason;
    }
}
