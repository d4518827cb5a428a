package dev.corvid.markov.scope;

import dev.corvid.markov.MarkovConfig;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.chain.GenerateOptions;
import dev.corvid.markov.chain.Tokenizer;
import dev.corvid.platform.api.text.StoredText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the markov module accepts: scope names, state sizes, messages and generation options. Every refusal is a
 * {@link MarkovException.InvalidInput} that says what was wrong; message refusals name the message's index.
 */
final class MarkovChecks {

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final int MAX_ID = 100;
    private static final String[] FIELDS = {"id", "channel", "author", "content"};

    private final MarkovConfig config;
    private final Clock clock;

    MarkovChecks(MarkovConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    void scope(String scope) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new MarkovException.InvalidInput("A scope is 1 to 100 characters of letters, digits and _ . : -;"
                    + " '" + scope + "' is not.");
        }
    }

    void stateSize(int stateSize) {
        if (stateSize < 1 || stateSize > 6) {
            throw new MarkovException.InvalidInput("stateSize must be 1 to 6, was " + stateSize + ".");
        }
    }

    /** The messages as they are stored: checked one by one, a missing {@code createdAt} set to now. */
    List<NewMessage> messages(List<NewMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new MarkovException.InvalidInput("No messages: send at least one.");
        }
        if (messages.size() > config.maxBatch()) {
            throw new MarkovException.InvalidInput("A batch holds at most " + config.maxBatch() + " messages; this"
                    + " one has " + messages.size() + ".", Map.of("limit", config.maxBatch()));
        }
        Instant now = clock.instant();
        List<NewMessage> clean = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            NewMessage m = messages.get(i);
            message(i, m);
            clean.add(m.createdAt() == null ? new NewMessage(m.id(), m.channel(), m.author(), m.content(), now) : m);
        }
        return clean;
    }

    /** The replacement text of message {@code id}, checked as a message. */
    NewMessage edit(String id, String content) {
        return messages(List.of(new NewMessage(id, null, null, content, clock.instant()))).get(0);
    }

    private void message(int i, NewMessage m) {
        if (m == null) {
            throw invalid(i, "message " + i + " is null.");
        }
        if (m.id() == null || m.id().isBlank() || m.id().length() > MAX_ID) {
            throw invalid(i, "message " + i + " needs an id of 1 to " + MAX_ID + " characters.");
        }
        if (m.content() == null || Tokenizer.isBlank(m.content())) {
            throw invalid(i, "message " + i + " (id " + m.id() + ") has no text.");
        }
        if (m.content().length() > config.maxMessageChars()) {
            throw invalid(i, "message " + i + " (id " + m.id() + ") has " + m.content().length()
                    + " characters; the limit is " + config.maxMessageChars() + ".");
        }
        String[] values = {m.id(), m.channel(), m.author(), m.content()};
        for (int f = 0; f < values.length; f++) {
            String problem = StoredText.problem(values[f]);
            if (problem != null) {
                throw invalid(i, "message " + i + ": its " + FIELDS[f] + " " + problem + ".");
            }
        }
        if ((m.channel() != null && m.channel().length() > MAX_ID)
                || (m.author() != null && m.author().length() > MAX_ID)) {
            throw invalid(i, "message " + i + " (id " + m.id() + "): channel and author are at most " + MAX_ID
                    + " characters.");
        }
    }

    void options(GenerateOptions o) {
        int maxWords = config.generation().maxWords();
        if (o.minWords() < 1 || o.minWords() > maxWords) {
            throw new MarkovException.InvalidInput("minWords must be 1 to " + maxWords + ", was " + o.minWords() + ".");
        }
        if (o.maxWords() < o.minWords() || o.maxWords() > maxWords) {
            throw new MarkovException.InvalidInput("maxWords must be minWords (" + o.minWords() + ") to " + maxWords
                    + ", was " + o.maxWords() + ".");
        }
        if (o.maxChars() < 1 || o.maxChars() > 100_000) {
            throw new MarkovException.InvalidInput("maxChars must be 1 to 100000, was " + o.maxChars() + ".");
        }
        if (o.maxTries() < 1 || o.maxTries() > config.generation().maxTries()) {
            throw new MarkovException.InvalidInput("maxTries must be 1 to " + config.generation().maxTries()
                    + ", was " + o.maxTries() + ".");
        }
        if (!(o.maxOverlapRatio() > 0 && o.maxOverlapRatio() <= 1)) {
            throw new MarkovException.InvalidInput("maxOverlapRatio must be above 0 and at most 1, was "
                    + o.maxOverlapRatio() + ".");
        }
        if (o.maxOverlapTotal() < 1) {
            throw new MarkovException.InvalidInput("maxOverlapTotal must be at least 1, was " + o.maxOverlapTotal()
                    + ".");
        }
        if (o.seed() != null && o.seed().length() > config.maxMessageChars()) {
            throw new MarkovException.InvalidInput("seed is longer than " + config.maxMessageChars() + " characters.");
        }
    }

    private static MarkovException.InvalidInput invalid(int index, String detail) {
        return new MarkovException.InvalidInput(detail.substring(0, 1).toUpperCase() + detail.substring(1),
                Map.of("index", index));
    }
}
