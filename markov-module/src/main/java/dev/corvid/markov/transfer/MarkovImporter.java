package dev.corvid.markov.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corvid.markov.MarkovConfig;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.platform.api.json.JsonMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a training file into a scope without holding it in memory: Jackson reads one item at a time. The format
 * ({@link ImportFormat}) is detected from the first tokens; each has its {@link UploadReader}, and one
 * {@link Upload} run loop stores them all.
 */
@ApplicationScoped
public class MarkovImporter {

    private final MarkovService markov;
    private final MarkovConfig config;
    private final JsonFactory uploads;
    /** Reads one item of an upload at a time: the upload goes on after it, so no trailing-token check here. */
    private final ObjectReader items;

    MarkovImporter(MarkovService markov, MarkovConfig config, ObjectMapper mapper) {
        this.markov = markov;
        this.config = config;
        this.items = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // An upload is one long JSON document: the platform's per-request document limit does not apply to it.
        this.uploads = mapper.getFactory().copy().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(-1).build());
    }

    /**
     * Opens an upload and detects its format; throws {@link MarkovException.InvalidInput} when it is unusable or not
     * the {@code format} asked for (null or blank: any).
     */
    public Upload open(String scope, InputStream body, Long totalBytes, String format, String resumeAfter) {
        CountingInputStream in = new CountingInputStream(body);
        UploadReader reader;
        try {
            JsonParser parser = uploads.createParser(in);
            reader = ImportFormat.detect(parser, items);
        } catch (JsonProcessingException e) {
            throw new MarkovException.InvalidInput("The upload is not JSON: " + JsonMessages.located(e));
        } catch (IOException e) {
            throw new MarkovException.InvalidInput("The upload could not be read: " + e.getMessage());
        }
        ImportFormat detected = ImportFormat.of(reader);
        if (format != null && !format.isBlank() && ImportFormat.of(format) != detected) {
            throw new MarkovException.InvalidInput("format=" + format + " was asked for, but the upload is "
                    + detected.id + ".");
        }
        return new Upload(markov, scope, in, reader, totalBytes, resumeAfter, config.importing().batchSize(),
                config.maxMessageChars());
    }
}
