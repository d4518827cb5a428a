package dev.corvid.markov.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corvid.markov.MarkovConfig;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.chain.Tokenizer;
import dev.corvid.markov.store.NewMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams a training file into a scope without holding it in memory: Jackson reads one item at a time, items are
 * stored in batches, and each stored batch is reported. Three formats, detected from the first tokens:
 * <ul>
 * <li>{@code markov-discord}: the markov-discord bot's training file, {@code [{"message", "attachments"}]}. Items
 * have no ids, so each gets {@code md-<sha256(text) prefix>-<index>}: re-importing a file stores nothing twice.</li>
 * <li>{@code discord-export}: a DiscordChatExporter JSON export ({@code {"guild", "channel", "messages": [...]}});
 * bot and empty messages are skipped and a leading mention of a listed user is stripped.</li>
 * <li>{@code corvid}: newline-delimited messages as this API exports them ({@code id, channel, author, content,
 * createdAt}).</li>
 * </ul>
 * A failure part-way (bad JSON, a truncated upload) keeps every item read before it, stored, and names the last
 * stored id as the place to resume.
 */
@ApplicationScoped
public class MarkovImporter {

    /** The formats an import understands. */
    public enum Format {
        MARKOV_DISCORD("markov-discord"), DISCORD_EXPORT("discord-export"), CORVID("corvid");

        public final String id;

        Format(String id) {
            this.id = id;
        }

        static Format of(String id) {
            for (Format f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new MarkovException.InvalidInput("Unknown import format '" + id
                    + "'; use markov-discord, discord-export or corvid.");
        }
    }

    private static final Set<String> EXPORT_FIELDS = Set.of("guild", "channel", "dateRange", "exportedAt",
            "messages", "messageCount");
    private static final int MAX_BUSY_RETRIES = 60;

    private final MarkovService markov;
    private final MarkovConfig config;
    private final ObjectMapper mapper;
    private final JsonFactory uploads;
    /** Reads one item of an upload at a time: the upload goes on after it, so no trailing-token check here. */
    private final ObjectReader items;

    MarkovImporter(MarkovService markov, MarkovConfig config, ObjectMapper mapper) {
        this.markov = markov;
        this.config = config;
        this.mapper = mapper;
        // An upload is one long JSON document: the platform's per-request document limit does not apply to it.
        this.items = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.uploads = mapper.getFactory().copy().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(-1).build());
    }

    /** An open upload whose format is known; nothing is stored until {@link #run}. */
    public final class Upload {
        private final String scope;
        private final Counting in;
        private final JsonParser parser;
        private final Format format;
        private final Long total;
        private final String resumeAfter;
        private ObjectNode firstItem;
        private String exportChannel;

        private Upload(String scope, InputStream body, Long total, String format, String resumeAfter)
                throws IOException {
            this.scope = scope;
            this.in = new Counting(body);
            this.total = total;
            this.resumeAfter = resumeAfter == null || resumeAfter.isBlank() ? null : resumeAfter;
            this.parser = uploads.createParser(in);
            Format detected;
            try {
                detected = detect();
            } catch (JsonProcessingException e) {
                throw new MarkovException.InvalidInput("The upload is not JSON: " + describe(e));
            }
            if (format != null && !format.isBlank() && Format.of(format) != detected) {
                throw new MarkovException.InvalidInput("format=" + format + " was asked for, but the upload is "
                        + detected.id + ".");
            }
            this.format = detected;
        }

        public Format format() {
            return format;
        }

        private Format detect() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MarkovException.InvalidInput("The upload is empty.");
            }
            if (first == JsonToken.START_ARRAY) {
                return Format.MARKOV_DISCORD;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MarkovException.InvalidInput("The upload must be a JSON array (markov-discord), an object"
                        + " (discord-export) or JSON lines (corvid); it starts with " + first + ".");
            }
            JsonToken next = parser.nextToken();
            if (next == JsonToken.FIELD_NAME && EXPORT_FIELDS.contains(parser.currentName())) {
                return Format.DISCORD_EXPORT;
            }
            firstItem = mapper.createObjectNode();
            while (next == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                firstItem.set(name, items.readTree(parser));
                next = parser.nextToken();
            }
            return Format.CORVID;
        }

        /**
         * Reads the whole upload, storing batches and reporting after each; returns the final report. On failure
         * throws {@link MarkovException.ImportFailed} naming what was stored.
         */
        public ImportProgress run(Consumer<ImportProgress> progress) {
            Run run = new Run(progress);
            try {
                switch (format) {
                    case MARKOV_DISCORD -> run.markovDiscord();
                    case DISCORD_EXPORT -> run.discordExport();
                    case CORVID -> run.corvid();
                }
                run.flush();
            } catch (IOException e) {
                run.flushQuietly();
                String detail = e instanceof JsonProcessingException json ? "Invalid JSON in the upload: "
                        + describe(json) : "The upload broke off: " + e.getMessage();
                throw new MarkovException.ImportFailed((detail.endsWith(".") ? detail : detail + ".") + " "
                        + run.acknowledged + " messages were stored before it" + (run.lastId == null ? "."
                                : "; resume with resumeAfter=" + run.lastId + "."), run.acknowledged, run.lastId);
            } catch (MarkovException.ImportFailed e) {
                throw e;
            } catch (MarkovException e) {
                throw new MarkovException.ImportFailed(e.getMessage() + " " + run.acknowledged
                        + " messages were stored before it.", run.acknowledged, run.lastId);
            }
            if (resumeAfter != null && !run.resumed) {
                throw new MarkovException.ImportFailed("resumeAfter=" + resumeAfter + " names no item of this upload;"
                        + " nothing was stored.", 0, null);
            }
            ImportProgress done = run.report(true);
            progress.accept(done);
            return done;
        }

        /** One pass over the items. */
        private final class Run {
            final Consumer<ImportProgress> progress;
            final long started = System.nanoTime();
            final List<NewMessage> batch = new ArrayList<>();
            long acknowledged;
            long duplicates;
            long skipped;
            long index;
            String lastId;
            boolean resumed = resumeAfter == null;

            Run(Consumer<ImportProgress> progress) {
                this.progress = progress;
            }

            void markovDiscord() throws IOException {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode item = items.readTree(parser);
                    JsonNode message = item.get("message");
                    if (message == null || !message.isTextual()) {
                        throw new MarkovException.InvalidInput("Item " + index + " of the markov-discord array has no"
                                + " \"message\" string; is this the right file?");
                    }
                    String text = message.asText();
                    offer(new NewMessage("md-" + sha(text) + "-" + index, null, null, text, null));
                }
                expectEnd(JsonToken.END_ARRAY);
            }

            void discordExport() throws IOException {
                JsonToken token = JsonToken.FIELD_NAME;
                while (token == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("channel".equals(name) && value == JsonToken.START_OBJECT) {
                        JsonNode channel = items.readTree(parser);
                        exportChannel = channel.path("id").asText(null);
                    } else if ("messages".equals(name) && value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            exportMessage(items.readTree(parser));
                        }
                    } else {
                        parser.skipChildren();
                    }
                    token = parser.nextToken();
                }
            }

            void exportMessage(JsonNode m) {
                String id = m.path("id").asText(null);
                if (id == null) {
                    throw new MarkovException.InvalidInput("Export message " + index + " has no id; is this a"
                            + " DiscordChatExporter JSON export?");
                }
                JsonNode author = m.path("author");
                String content = m.path("content").asText("");
                if (author.path("isBot").asBoolean(false) || !"Default".equals(m.path("type").asText("Default"))
                        && !"Reply".equals(m.path("type").asText())) {
                    skip(id);
                    return;
                }
                content = stripLeadingMentions(content, m.path("mentions"));
                offer(new NewMessage(id, exportChannel, author.path("id").asText(null), content,
                        time(m.path("timestamp").asText(null))));
            }

            void corvid() throws IOException {
                if (firstItem != null) {
                    corvidItem(firstItem);
                }
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                    corvidItem(items.readTree(parser));
                }
                if (token != null) {
                    throw new MarkovException.InvalidInput("Line " + parser.currentLocation().getLineNr()
                            + " of the corvid upload is not a JSON object.");
                }
            }

            void corvidItem(JsonNode m) {
                String id = m.path("id").asText(null);
                if (id == null || !m.path("content").isTextual()) {
                    throw new MarkovException.InvalidInput("Item " + index + " of the corvid upload needs \"id\" and"
                            + " \"content\".");
                }
                offer(new NewMessage(id, m.path("channel").asText(null), m.path("author").asText(null),
                        m.path("content").asText(), time(m.path("createdAt").asText(null))));
            }

            private void expectEnd(JsonToken end) throws IOException {
                if (parser.currentToken() != end) {
                    throw new MarkovException.InvalidInput("Item " + index + " is not a JSON object.");
                }
            }

            private void skip(String id) {
                index++;
                if (resumed) {
                    skipped++;
                } else if (id.equals(resumeAfter)) {
                    resumed = true;
                }
            }

            private void offer(NewMessage message) {
                index++;
                if (!resumed) {
                    resumed = message.id().equals(resumeAfter);
                    return;
                }
                if (Tokenizer.isBlank(message.content())
                        || message.content().length() > config.maxMessageChars()
                        || message.content().indexOf('\u0000') >= 0) {
                    skipped++;
                    return;
                }
                batch.add(message);
                if (batch.size() >= config.importing().batchSize()) {
                    flush();
                }
            }

            void flush() {
                if (batch.isEmpty()) {
                    return;
                }
                MarkovService.Trained trained = store(List.copyOf(batch));
                acknowledged += trained.accepted();
                duplicates += trained.duplicates();
                lastId = batch.get(batch.size() - 1).id();
                batch.clear();
                progress.accept(report(false));
            }

            void flushQuietly() {
                try {
                    flush();
                } catch (RuntimeException e) {
                    batch.clear();
                }
            }

            private MarkovService.Trained store(List<NewMessage> messages) {
                for (int attempt = 0; ; attempt++) {
                    try {
                        return markov.train(scope, messages).await().atMost(Duration.ofMinutes(5));
                    } catch (MarkovException.Busy busy) {
                        if (attempt >= MAX_BUSY_RETRIES || Thread.currentThread().isInterrupted()) {
                            throw busy;
                        }
                        // Not a sleep: wakes as soon as a queued task finishes.
                        markov.awaitRoom(Duration.ofSeconds(1));
                    }
                }
            }

            ImportProgress report(boolean done) {
                double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                long read = in.count;
                Double eta = total == null || read == 0 ? null
                        : Math.max(0, seconds * (total - read) / read);
                return new ImportProgress(format.id, acknowledged, duplicates, skipped, read, total,
                        acknowledged / seconds, done ? Double.valueOf(0) : eta, lastId, done);
            }
        }
    }

    /** Opens an upload and detects its format; throws {@link MarkovException.InvalidInput} when it is unusable. */
    public Upload open(String scope, InputStream body, Long totalBytes, String format, String resumeAfter) {
        try {
            return new Upload(scope, body, totalBytes, format, resumeAfter);
        } catch (IOException e) {
            throw new MarkovException.InvalidInput("The upload could not be read: " + e.getMessage());
        }
    }

    /** DiscordChatExporter writes a mention as {@code @Name}; drop those at the start that name listed users. */
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

    private static Instant time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            throw new MarkovException.InvalidInput("'" + iso + "' is not an ISO-8601 timestamp.");
        }
    }

    private static String sha(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        // Jackson's wording without its Java parts (types in backticks, settings, sources).
        String message = e.getOriginalMessage().replaceAll(" \\(bound as [^)]*\\)", "")
                .replaceAll(": not allowed as per `[^`]*`", "").replaceAll("`[a-zA-Z_$][\\w$.]*`", "value")
                .replaceAll(" at \\[Source.*", "");
        return (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ") + message;
    }

    /** Counts the bytes read, for progress and ETA. */
    private static final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
