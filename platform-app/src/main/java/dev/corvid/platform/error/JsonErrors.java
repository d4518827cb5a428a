package dev.corvid.platform.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.corvid.platform.api.error.CorvidException;
import dev.corvid.platform.api.json.JsonMessages;
import dev.corvid.platform.json.InvalidJsonValue;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a request body in the caller's terms: the field as a JSON pointer, what it must be, what it
 * was. Never a Java type, class or Jackson setting.
 */
final class JsonErrors {

    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
    private static final Pattern COERCE = Pattern.compile("Cannot coerce (empty String|[A-Za-z-]+)"
            + "(?: value \\((.{0,60}?)\\) to)?");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

    private JsonErrors() {
    }

    static String detail(JsonProcessingException failure) {
        if (failure instanceof JsonParseException parse) {
            String message = parse.getOriginalMessage();
            Matcher duplicate = DUPLICATE.matcher(message);
            if (duplicate.find()) {
                return "Field '" + duplicate.group(1) + "' appears twice at line " + parse.getLocation().getLineNr()
                        + ", column " + parse.getLocation().getColumnNr() + "; send each field once.";
            }
            return "Malformed JSON at line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ": " + JsonMessages.plain(message);
        }
        if (failure instanceof StreamConstraintsException) {
            return "The JSON document is too large or too deeply nested to read.";
        }
        if (failure instanceof InputCoercionException) {
            return "A number in the body is out of range: " + JsonMessages.plain(failure.getOriginalMessage());
        }
        if (failure instanceof InvalidJsonValue invalid) {
            return "Field " + pointer(invalid) + " must be " + invalid.expected() + "; " + invalid.reason() + ".";
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "' at " + pointer(unknown) + "; known fields: "
                    + unknown.getKnownPropertyIds() + ".";
        }
        if (failure instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause();
            return "Field " + pointer(instantiation) + " is invalid"
                    + (cause instanceof CorvidException corvid ? ": " + corvid.getMessage() : ".");
        }
        if (failure instanceof InvalidFormatException format) {
            return "Field " + pointer(format) + " must be " + describe(format.getTargetType()) + ", got "
                    + abbreviate(String.valueOf(format.getValue())) + ".";
        }
        if (failure instanceof MismatchedInputException mismatch) {
            String message = mismatch.getOriginalMessage();
            if (message.startsWith("Trailing token")) {
                return "The body holds more than one JSON value; send exactly one.";
            }
            if (message.startsWith("No content to map")) {
                return "The body is empty; send a JSON document.";
            }
            if (message.startsWith("a ") || message.startsWith("an ")) {
                return "Field " + pointer(mismatch) + " must be " + message + ".";
            }
            String got = got(message);
            return "Field " + pointer(mismatch) + " must be " + describe(mismatch.getTargetType())
                    + (got == null ? "." : ", got " + got + ".");
        }
        if (failure instanceof JsonMappingException mapping) {
            return "Field " + pointer(mapping) + " has an invalid value.";
        }
        return "The request body is not valid JSON.";
    }

    /** The offending field as a JSON pointer, or null when the failure has no field (malformed JSON). */
    static String pointerOrNull(JsonProcessingException failure) {
        return failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty() ? pointer(mapping)
                : null;
    }

    /** The offending field as a JSON pointer ({@code /items/3/confidence}), {@code /} for the whole body. */
    static String pointer(JsonMappingException failure) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : failure.getPath()) {
            sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()));
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    /** What the input was, from Jackson's message, in JSON terms; null when it does not say. */
    private static String got(String message) {
        Matcher token = TOKEN.matcher(message);
        if (token.find()) {
            return switch (token.group(1)) {
                case "START_ARRAY" -> "an array";
                case "START_OBJECT" -> "an object";
                case "VALUE_STRING" -> "a string";
                case "VALUE_NUMBER_INT" -> "an integer";
                case "VALUE_NUMBER_FLOAT" -> "a decimal number";
                case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
                case "VALUE_NULL" -> "null";
                default -> null;
            };
        }
        Matcher coerce = COERCE.matcher(message);
        if (coerce.find()) {
            String kind = switch (coerce.group(1)) {
                case "Integer" -> "the integer";
                case "Floating-point" -> "the decimal number";
                case "Boolean" -> "the boolean";
                case "String" -> "the string";
                case "empty String" -> "an empty string";
                default -> null;
            };
            return kind == null || coerce.group(2) == null || kind.startsWith("an ") ? kind
                    : kind + " " + coerce.group(2);
        }
        if (message.contains("`null`") || message.contains("null value")) {
            return "null";
        }
        return null;
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Instant.class || Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another type";
    }

    static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}
