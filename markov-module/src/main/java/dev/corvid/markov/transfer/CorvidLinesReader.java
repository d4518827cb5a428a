package dev.corvid.markov.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.scope.NewMessage;
import java.io.IOException;

/** Newline-delimited messages as the export writes them: {@code id, channel, author, content, createdAt}. */
final class CorvidLinesReader implements UploadReader {

    private final JsonParser parser;
    private final ObjectReader items;
    private JsonNode first;
    private long index;

    /** {@code first} is the object format detection already read. */
    CorvidLinesReader(JsonParser parser, ObjectReader items, JsonNode first) {
        this.parser = parser;
        this.items = items;
        this.first = first;
    }

    @Override
    public Item next() throws IOException {
        if (first != null) {
            JsonNode item = first;
            first = null;
            return item(item);
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT) {
            return item(items.readTree(parser));
        }
        if (token != null) {
            throw new MarkovException.InvalidInput("Line " + parser.currentLocation().getLineNr()
                    + " of the corvid upload is not a JSON object.");
        }
        return null;
    }

    private Item item(JsonNode m) {
        String id = m.path("id").asText(null);
        if (id == null || !m.path("content").isTextual()) {
            throw new MarkovException.InvalidInput("Item " + index + " of the corvid upload needs \"id\" and"
                    + " \"content\".");
        }
        index++;
        return Item.message(new NewMessage(id, m.path("channel").asText(null), m.path("author").asText(null),
                m.path("content").asText(), ImportFormat.time(m.path("createdAt").asText(null))));
    }
}
