package dev.corvid.markov.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.chain.Tokenizer;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.NewMessage;
import dev.corvid.platform.api.json.JsonMessages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open upload whose format is known; nothing is stored until {@link #run}. One run loop for every format: items
 * come from the format's {@link UploadReader}, are stored in batches through {@link MarkovService#train}, and each
 * stored batch is reported. A failure part-way (bad JSON, a truncated upload) keeps every item stored before it and
 * names the last stored id as the place to resume.
 */
public final class Upload {

    private static final int MAX_BUSY_RETRIES = 60;

    private final MarkovService markov;
    private final String scope;
    private final CountingInputStream in;
    private final UploadReader reader;
    private final ImportFormat format;
    private final Long total;
    private final String resumeAfter;
    private final int batchSize;
    private final int maxChars;

    private final long started = System.nanoTime();
    private final List<NewMessage> batch = new ArrayList<>();
    private long acknowledged;
    private long duplicates;
    private long skipped;
    private String lastId;
    private boolean resumed;

    Upload(MarkovService markov, String scope, CountingInputStream in, UploadReader reader, Long total,
            String resumeAfter, int batchSize, int maxChars) {
        this.markov = markov;
        this.scope = scope;
        this.in = in;
        this.reader = reader;
        this.format = ImportFormat.of(reader);
        this.total = total;
        this.resumeAfter = resumeAfter == null || resumeAfter.isBlank() ? null : resumeAfter;
        this.resumed = this.resumeAfter == null;
        this.batchSize = batchSize;
        this.maxChars = maxChars;
    }

    public ImportFormat format() {
        return format;
    }

    /**
     * Reads the whole upload, storing batches and reporting after each; returns the final report. On failure
     * throws {@link MarkovException.ImportFailed} naming what was stored.
     */
    public ImportProgress run(Consumer<ImportProgress> progress) {
        try {
            UploadReader.Item item;
            while ((item = reader.next()) != null) {
                offer(item, progress);
            }
            flush(progress);
        } catch (IOException e) {
            flushQuietly(progress);
            String detail = e instanceof JsonProcessingException json ? "Invalid JSON in the upload: "
                    + JsonMessages.located(json) : "The upload broke off: " + e.getMessage();
            throw new MarkovException.ImportFailed((detail.endsWith(".") ? detail : detail + ".") + " "
                    + acknowledged + " messages were stored before it" + (lastId == null ? "."
                            : "; resume with resumeAfter=" + lastId + "."), acknowledged, lastId);
        } catch (MarkovException.ImportFailed e) {
            throw e;
        } catch (MarkovException e) {
            throw new MarkovException.ImportFailed(e.getMessage() + " " + acknowledged
                    + " messages were stored before it.", acknowledged, lastId);
        }
        if (!resumed) {
            throw new MarkovException.ImportFailed("resumeAfter=" + resumeAfter + " names no item of this upload;"
                    + " nothing was stored.", 0, null);
        }
        ImportProgress done = report(true);
        progress.accept(done);
        return done;
    }

    private void offer(UploadReader.Item item, Consumer<ImportProgress> progress) {
        if (!resumed) {
            resumed = item.id().equals(resumeAfter);
            return;
        }
        NewMessage message = item.message();
        if (message == null || Tokenizer.isBlank(message.content()) || message.content().length() > maxChars
                || message.content().indexOf('\u0000') >= 0) {
            skipped++;
            return;
        }
        batch.add(message);
        if (batch.size() >= batchSize) {
            flush(progress);
        }
    }

    private void flush(Consumer<ImportProgress> progress) {
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

    private void flushQuietly(Consumer<ImportProgress> progress) {
        try {
            flush(progress);
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

    private ImportProgress report(boolean done) {
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        long read = in.count();
        Double eta = total == null || read == 0 ? null : Math.max(0, seconds * (total - read) / read);
        return new ImportProgress(format.id, acknowledged, duplicates, skipped, read, total,
                acknowledged / seconds, done ? Double.valueOf(0) : eta, lastId, done);
    }
}
