package dev.corvid.platform.health;

import dev.corvid.platform.PlatformMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Readiness as a metric, so Prometheus can alert on it: {@code corvid_platform_ready{check}} is 1 while the named
 * readiness check is UP and 0 while it is DOWN, and {@code check="all"} is what {@code /q/health/ready} answers. The
 * checks run every {@code corvid.platform.readiness-interval} (they are cheap: one query per module schema).
 * Tag values are the check names: the database, one per module, one per configured Discord shard.
 */
@ApplicationScoped
class ReadinessMeter {

    private static final Logger LOG = Logger.getLogger(ReadinessMeter.class);

    private final SmallRyeHealthReporter reporter;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Duration interval;
    private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();
    private long timer = -1;

    ReadinessMeter(SmallRyeHealthReporter reporter, MeterRegistry registry, Vertx vertx,
            @ConfigProperty(name = "corvid.platform.readiness-interval", defaultValue = "10S") Duration interval) {
        this.reporter = reporter;
        this.registry = registry;
        this.vertx = vertx;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        state("all").set(0);
        timer = vertx.setPeriodic(0, Math.max(1_000, interval.toMillis()), id -> sample());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void sample() {
        reporter.getReadinessAsync().subscribe().with(this::record,
                failure -> {
                    LOG.debugf(failure, "Readiness could not be evaluated");
                    state("all").set(0);
                });
    }

    private void record(SmallRyeHealth health) {
        JsonObject payload = health.getPayload();
        for (JsonValue value : payload.getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            state(check.getString("name")).set("UP".equals(check.getString("status")) ? 1 : 0);
        }
        state("all").set(health.isDown() ? 0 : 1);
    }

    private AtomicInteger state(String check) {
        return states.computeIfAbsent(check, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(PlatformMetrics.READY, value, AtomicInteger::get)
                    .description("1 while the readiness check is UP; check=\"all\" is /q/health/ready")
                    .tag(PlatformMetrics.TAG_CHECK, name).register(registry);
            return value;
        });
    }
}
