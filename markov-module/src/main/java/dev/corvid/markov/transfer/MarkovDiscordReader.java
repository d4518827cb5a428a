package dev.corvid.markov.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.scope.NewMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The markov-discord bot's training file, {@code [{"message", "attachments"}]}. Items have no ids, so each gets
 * {@code md-<sha256(text) prefix>-<index>}: re-importing a file stores nothing twice.
 */
final class MarkovDiscordReader implements UploadReader {

    private final JsonParser parser;
    private final ObjectReader items;
    private long index;

    MarkovDiscordReader(JsonParser parser, ObjectReader items) {
        this.parser = parser;
        this.items = items;
    }

    @Override
    public Item next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_OBJECT) {
            if (token != JsonToken.END_ARRAY) {
                throw new MarkovException.InvalidInput("Item " + index + " is not a JSON object.");
            }
            return null;
        }
        JsonNode item = items.readTree(parser);
        JsonNode message = item.get("message");
        if (message == null || !message.isTextual()) {
            throw new MarkovException.InvalidInput("Item " + index + " of the markov-discord array has no"
                    + " \"message\" string; is this the right file?");
        }
        String text = message.asText();
        return Item.message(new NewMessage("md-" + sha(text) + "-" + index++, null, null, text, null));
    }

    private static String sha(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
