package dev.corvid.embedding.embed;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.EmbeddingConfig;
import dev.corvid.embedding.EmbeddingException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Asynchronous bulk embedding: a job embeds up to {@code corvid.embedding.jobs.max-texts} texts in chunks through
 * the same queue and pool as single requests (so it gets back-pressure, not priority), writes the vectors as JSON
 * lines to a file (never holding them all in memory), reports progress to listeners after every chunk, and can be
 * cancelled between chunks. Finished jobs and their files are dropped after {@code jobs.retention}.
 */
@ApplicationScoped
public class EmbeddingJobs {

    private static final Logger LOG = Logger.getLogger(EmbeddingJobs.class);
    private static final int CHUNK = 256;

    /** Where a job is. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /**
     * A job's progress.
     *
     * @param textsPerSecond texts embedded per second so far
     * @param etaSeconds estimated seconds left while running
     */
    public record Progress(String id, State state, int total, int done, double textsPerSecond, Double etaSeconds,
            String error, Instant created, Instant finished) {

        public boolean finishedState() {
            return state == State.SUCCEEDED || state == State.FAILED || state == State.CANCELLED;
        }
    }

    private final EmbeddingService embeddings;
    private final EmbeddingConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "embedding-jobs");
        t.setDaemon(true);
        return t;
    });
    private final Path directory;

    EmbeddingJobs(EmbeddingService embeddings, EmbeddingConfig config, ObjectMapper mapper, Clock clock) {
        this.embeddings = embeddings;
        this.clock = clock;
        this.config = config;
        this.mapper = mapper;
        this.directory = Path.of(config.modelDir()).resolveSibling("embedding-jobs");
    }

    void stop(@Observes ShutdownEvent event) {
        jobs.values().forEach(job -> job.cancelled = true);
        runner.shutdownNow();
    }

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final List<String> texts;
        final EmbedOptions options;
        final Instant created = clock.instant();
        final long started = System.nanoTime();
        final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
        final Path file = directory.resolve(id + ".ndjson");
        volatile State state = State.QUEUED;
        volatile int done;
        volatile String error;
        volatile Instant finished;
        volatile boolean cancelled;

        Job(List<String> texts, EmbedOptions options) {
            this.texts = texts;
            this.options = options;
        }

        Progress progress() {
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = seconds > 0 ? done / seconds : 0;
            Double eta = state == State.RUNNING && rate > 0 ? (texts.size() - done) / rate : null;
            return new Progress(id, state, texts.size(), done, rate, eta, error, created, finished);
        }

        void publish() {
            Progress p = progress();
            listeners.forEach(l -> l.accept(p));
        }

        void run() {
            if (cancelled) {
                finish(State.CANCELLED, null);
                return;
            }
            state = State.RUNNING;
            publish();
            try {
                Files.createDirectories(directory);
                try (OutputStream out = Files.newOutputStream(file);
                        JsonGenerator json = mapper.getFactory().createGenerator(out)) {
                    for (int from = 0; from < texts.size(); from += CHUNK) {
                        if (cancelled) {
                            break;
                        }
                        List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
                        Embedded embedded = embeddings.embedValidated(chunk, options).await()
                                .atMost(config.requestTimeout().multipliedBy(4));
                        for (int i = 0; i < embedded.vectors().size(); i++) {
                            json.writeStartObject();
                            json.writeNumberField("index", from + i);
                            float[] v = embedded.vectors().get(i);
                            json.writeArrayFieldStart("embedding");
                            for (float x : v) {
                                json.writeNumber(x);
                            }
                            json.writeEndArray();
                            json.writeEndObject();
                            json.writeRaw('\n');
                        }
                        done = from + chunk.size();
                        publish();
                    }
                }
                if (cancelled) {
                    Files.deleteIfExists(file);
                    finish(State.CANCELLED, null);
                } else {
                    finish(State.SUCCEEDED, null);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Embedding job %s failed after %d of %d texts: %s", id, done, texts.size(), e.toString());
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the retention sweep retries
                }
                finish(State.FAILED, e.getMessage());
            }
        }

        void finish(State end, String message) {
            error = message;
            finished = clock.instant();
            state = end;
            publish();
        }
    }

    /** Starts a job; the texts are checked first, so a bad one is a 400 naming its index and nothing is queued. */
    public Progress start(List<String> texts, EmbedOptions options) {
        sweep();
        embeddings.validate(texts, config.jobs().maxTexts(), "per job (corvid.embedding.jobs.max-texts)");
        Job job = new Job(List.copyOf(texts), options);
        jobs.put(job.id, job);
        runner.execute(job::run);
        return job.progress();
    }

    public Progress progress(String id) {
        return job(id).progress();
    }

    /** Cancels a queued or running job (it stops between chunks); a finished one is left as it is. */
    public Progress cancel(String id) {
        Job job = job(id);
        job.cancelled = true;
        if (job.state == State.QUEUED) {
            job.finish(State.CANCELLED, null);
        }
        return job.progress();
    }

    /**
     * Calls {@code listener} with the current progress now and after every chunk; {@code finished} runs once the
     * job has ended. Returns a handle that stops the calls.
     */
    public Runnable listen(String id, Consumer<Progress> listener, Runnable finished) {
        Job job = job(id);
        Consumer<Progress> wrapped = new Consumer<>() {
            @Override
            public void accept(Progress p) {
                listener.accept(p);
                if (p.finishedState()) {
                    job.listeners.remove(this);
                    finished.run();
                }
            }
        };
        job.listeners.add(wrapped);
        wrapped.accept(job.progress());
        return () -> job.listeners.remove(wrapped);
    }

    /** The JSON-lines result of a finished job: {@code {"index": i, "embedding": [...]}} per text. */
    public Path result(String id) {
        Job job = job(id);
        if (job.state != State.SUCCEEDED) {
            throw new EmbeddingException.NotReady("Job " + id + " is " + job.state.name().toLowerCase()
                    + "; its result exists once it has succeeded.");
        }
        return job.file;
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new EmbeddingException.NotFound("There is no embedding job '" + id + "' (finished jobs are kept for "
                    + config.jobs().retention() + ").");
        }
        return job;
    }

    private void sweep() {
        Instant cutoff = clock.instant().minus(config.jobs().retention());
        jobs.values().removeIf(job -> {
            if (job.finished != null && job.finished.isBefore(cutoff)) {
                try {
                    Files.deleteIfExists(job.file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            }
            return false;
        });
    }
}
