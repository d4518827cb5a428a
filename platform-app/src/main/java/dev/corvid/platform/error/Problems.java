package dev.corvid.platform.error;

import dev.corvid.platform.PlatformMetrics;
import dev.corvid.platform.api.error.CorvidException;
import dev.corvid.platform.api.error.FailureClassifier;
import dev.corvid.platform.api.error.ServiceUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns any failure into a {@link Problem}: the status from the merged tables, 503 for a database outage, else 500.
 * Every 5xx is logged here, once, with a reference id that the body repeats; no stack trace reaches the caller.
 */
@Singleton
public class Problems implements FailureClassifier {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    private final ErrorStatuses statuses;
    private final MeterRegistry registry;
    private final Duration retryAfter;
    private final Map<Integer, Counter> counters = new ConcurrentHashMap<>();

    Problems(ErrorStatuses statuses, MeterRegistry registry,
            @ConfigProperty(name = "corvid.errors.retry-after", defaultValue = "5S") Duration retryAfter) {
        this.statuses = statuses;
        this.registry = registry;
        this.retryAfter = retryAfter;
    }

    @Override
    public Classified classify(Throwable failure, String instance) {
        Problem problem = fromFailure(failure, instance);
        Object retry = problem.extensions().get("retryAfterSeconds");
        return new Classified(problem.status(), problem.title(), problem.detail(), retry == null ? 0 : ((Number) retry).longValue(),
                problem.extensions());
    }

    /** The problem for an exception no more specific mapper handled. */
    public Problem fromFailure(Throwable failure, String instance) {
        Throwable cause = unwrap(failure);
        var status = statuses.statusOf(cause.getClass());
        if (status.isEmpty() && DatabaseFailures.isUnavailable(cause)) {
            return unavailable("The database is unavailable; retry shortly.", retryAfter, instance, cause);
        }
        if (status.isEmpty()) {
            String reference = UUID.randomUUID().toString();
            LOG.errorf(cause, "Unhandled failure on %s (reference %s)", instance, reference);
            return counted(Problem.of(500, "An internal error occurred; quote reference " + reference
                    + " when reporting it.", instance).with("reference", reference));
        }
        int code = status.getAsInt();
        if (code == 503) {
            Duration wait = cause instanceof ServiceUnavailableException s ? s.retryAfter() : retryAfter;
            String detail = cause instanceof CorvidException ? cause.getMessage()
                    : "A dependency is unavailable (" + cause.getClass().getSimpleName() + "); retry shortly.";
            return unavailable(detail, wait, instance, cause);
        }
        Problem problem = Problem.of(code, cause.getMessage(), instance);
        if (cause instanceof CorvidException corvid) {
            for (var member : corvid.extensions().entrySet()) {
                problem = problem.with(member.getKey(), member.getValue());
            }
        }
        if (code >= 500) {
            LOG.errorf(cause, "Failure on %s answered %d", instance, code);
        }
        return counted(problem);
    }

    private Problem unavailable(String detail, Duration wait, String instance, Throwable cause) {
        LOG.warnf("Answering 503 on %s: %s", instance, describe(cause));
        return counted(Problem.of(503, detail, instance).with("retryAfterSeconds", Math.max(1, wait.toSeconds())));
    }

    /** Counts a problem response by status; call once per response. */
    public Problem counted(Problem problem) {
        counters.computeIfAbsent(problem.status(), status -> Counter.builder(PlatformMetrics.ERRORS)
                .description("Problem responses sent, by HTTP status")
                .tag(PlatformMetrics.TAG_STATUS, Integer.toString(status))
                .register(registry)).increment();
        return problem;
    }

    private static String describe(Throwable t) {
        StringBuilder chain = new StringBuilder();
        for (Throwable c = t; c != null && chain.length() < 300; c = c.getCause() == c ? null : c.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(c.getClass().getSimpleName())
                    .append(c.getMessage() == null ? "" : ": " + c.getMessage());
        }
        return chain.toString();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
