package dev.corvid.markov.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.scope.NewMessage;
import java.io.IOException;

/**
 * A DiscordChatExporter JSON export ({@code {"guild", "channel", "messages": [...]}}): bot and system messages are
 * skipped, and a leading mention of a listed user is stripped (the exporter writes mentions as {@code @Name}).
 */
final class DiscordExportReader implements UploadReader {

    private final JsonParser parser;
    private final ObjectReader items;
    private String channel;
    private boolean inMessages;
    private long index;

    /** The parser stands on the export object's first field name. */
    DiscordExportReader(JsonParser parser, ObjectReader items) {
        this.parser = parser;
        this.items = items;
    }

    @Override
    public Item next() throws IOException {
        while (true) {
            if (inMessages) {
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    return message(items.readTree(parser));
                }
                inMessages = false;
            } else if (parser.currentToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("channel".equals(name) && value == JsonToken.START_OBJECT) {
                    JsonNode channelNode = items.readTree(parser);
                    channel = channelNode.path("id").asText(null);
                } else if ("messages".equals(name) && value == JsonToken.START_ARRAY) {
                    inMessages = true;
                    continue;
                } else {
                    parser.skipChildren();
                }
            } else {
                return null;
            }
            parser.nextToken();
        }
    }

    private Item message(JsonNode m) {
        String id = m.path("id").asText(null);
        if (id == null) {
            throw new MarkovException.InvalidInput("Export message " + index + " has no id; is this a"
                    + " DiscordChatExporter JSON export?");
        }
        index++;
        JsonNode author = m.path("author");
        String type = m.path("type").asText("Default");
        if (author.path("isBot").asBoolean(false) || !"Default".equals(type) && !"Reply".equals(type)) {
            return Item.skipped(id);
        }
        String content = stripLeadingMentions(m.path("content").asText(""), m.path("mentions"));
        return Item.message(new NewMessage(id, channel, author.path("id").asText(null), content,
                ImportFormat.time(m.path("timestamp").asText(null))));
    }

    /** Drops the {@code @Name} mentions at the start that name listed users. */
    static String stripLeadingMentions(String content, JsonNode mentions) {
        String text = content.stripLeading();
        boolean stripped = true;
        while (stripped && text.startsWith("@") && mentions.isArray()) {
            stripped = false;
            for (JsonNode user : mentions) {
                for (String field : new String[] {"nickname", "name"}) {
                    String name = user.path(field).asText("");
                    if (!name.isEmpty() && text.startsWith("@" + name)) {
                        text = text.substring(name.length() + 1).stripLeading();
                        stripped = true;
                        break;
                    }
                }
                if (stripped) {
                    break;
                }
            }
        }
        return text;
    }
}
