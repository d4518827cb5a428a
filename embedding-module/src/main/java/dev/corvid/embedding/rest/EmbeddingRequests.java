package dev.corvid.embedding.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corvid.embedding.EmbeddingException;
import dev.corvid.embedding.model.Pooling;
import dev.corvid.embedding.embed.EmbedOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the loosely typed request bodies ({@code input} is a string or an array) with errors that name the item. */
final class EmbeddingRequests {

    private EmbeddingRequests() {
    }

    static JsonNode body(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new EmbeddingException.InvalidInput("The body must be a JSON object with an \"input\" member.");
        }
        return body;
    }

    /** {@code input}: one string, or an array of strings. */
    static List<String> input(JsonNode body) {
        JsonNode input = body(body).get("input");
        if (input == null || input.isNull()) {
            throw new EmbeddingException.InvalidInput("\"input\" is missing: send a string or an array of strings.");
        }
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray()) {
            throw new EmbeddingException.InvalidInput("\"input\" must be a string or an array of strings, not "
                    + kind(input) + ".");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw new EmbeddingException.InvalidInput("Input " + i + " is " + kind(item) + "; every item must be a"
                        + " string (token-id arrays are not accepted).", i);
            }
            texts.add(item.asText());
        }
        return texts;
    }

    static EmbedOptions options(JsonNode body) {
        Pooling pooling = Pooling.CLS;
        JsonNode p = body.get("pooling");
        if (p != null && !p.isNull()) {
            try {
                pooling = Pooling.valueOf(p.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new EmbeddingException.InvalidInput("\"pooling\" must be \"cls\" or \"mean\", not "
                        + p + ".");
            }
        }
        Integer dimensions = null;
        JsonNode d = body.get("dimensions");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber()) {
                throw new EmbeddingException.InvalidInput("\"dimensions\" must be an integer, not " + kind(d) + ".");
            }
            dimensions = d.asInt();
        }
        return new EmbedOptions(pooling, bool(body, "normalize", true), bool(body, "truncate", true), dimensions);
    }

    static boolean bool(JsonNode body, String name, boolean fallback) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new EmbeddingException.InvalidInput("\"" + name + "\" must be true or false, not " + value + ".");
        }
        return value.asBoolean();
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
