package dev.corvid.markov.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corvid.markov.MarkovException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** The formats an import understands, and how each is recognised from an upload's first tokens. */
enum ImportFormat {
    /** The markov-discord bot's training file, {@code [{"message", "attachments"}]}. */
    MARKOV_DISCORD("markov-discord"),
    /** A DiscordChatExporter JSON export, {@code {"guild", "channel", "messages": [...]}}. */
    DISCORD_EXPORT("discord-export"),
    /** Newline-delimited messages as this API exports them. */
    CORVID("corvid");

    private static final Set<String> EXPORT_FIELDS = Set.of("guild", "channel", "dateRange", "exportedAt",
            "messages", "messageCount");

    public final String id;

    ImportFormat(String id) {
        this.id = id;
    }

    static ImportFormat of(String id) {
        for (ImportFormat f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new MarkovException.InvalidInput("Unknown import format '" + id
                + "'; use markov-discord, discord-export or corvid.");
    }

    /** Reads the upload's first tokens and returns the reader for its format, positioned at the first item. */
    static UploadReader detect(JsonParser parser, ObjectReader items) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MarkovException.InvalidInput("The upload is empty.");
        }
        if (first == JsonToken.START_ARRAY) {
            return new MarkovDiscordReader(parser, items);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new MarkovException.InvalidInput("The upload must be a JSON array (markov-discord), an object"
                    + " (discord-export) or JSON lines (corvid); it starts with " + first + ".");
        }
        JsonToken next = parser.nextToken();
        if (next == JsonToken.FIELD_NAME && EXPORT_FIELDS.contains(parser.currentName())) {
            return new DiscordExportReader(parser, items);
        }
        ObjectNode firstItem = JsonNodeFactory.instance.objectNode();
        while (next == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode value = items.readTree(parser);
            firstItem.set(name, value);
            next = parser.nextToken();
        }
        return new CorvidLinesReader(parser, items, firstItem);
    }

    static ImportFormat of(UploadReader reader) {
        return switch (reader) {
            case MarkovDiscordReader r -> MARKOV_DISCORD;
            case DiscordExportReader r -> DISCORD_EXPORT;
            case CorvidLinesReader r -> CORVID;
            default -> throw new IllegalArgumentException(reader.getClass().getName());
        };
    }

    /** An ISO-8601 timestamp with an offset, as both Discord and Corvid write them; null stays null. */
    static Instant time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            throw new MarkovException.InvalidInput("'" + iso + "' is not an ISO-8601 timestamp.");
        }
    }
}
