package dev.corvid.platform.metrics;

import dev.corvid.platform.InstanceIdentity;
import dev.corvid.platform.PlatformMetrics;
import dev.corvid.platform.api.process.ProcessMemory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Shapes the one Prometheus registry: common tags {@code application} and {@code instance} on every meter, and
 * histogram buckets for HTTP server requests and every Corvid timer, so Grafana can compute quantiles across
 * instances (Micrometer publishes no buckets unless asked); and the process's resident set size, which Micrometer's
 * JVM meters do not report.
 */
@ApplicationScoped
class MetricsCustomizer {

    @Produces
    @Singleton
    MeterFilter commonTags(InstanceIdentity identity) {
        return MeterFilter.commonTags(Tags.of("application", identity.application(), "instance", identity.instance()));
    }

    @Produces
    @Singleton
    MeterFilter histograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                boolean distribution = id.getType() == Meter.Type.TIMER
                        || id.getType() == Meter.Type.DISTRIBUTION_SUMMARY;
                if (distribution && (id.getName().startsWith("http.server.requests")
                        || id.getName().startsWith("corvid."))) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
                }
                return config;
            }
        };
    }

    @Produces
    @Singleton
    MeterBinder residentMemory() {
        return registry -> Gauge.builder(PlatformMetrics.PROCESS_RESIDENT_MEMORY, ProcessMemory::residentBytes)
                .description("Resident set size of the process").baseUnit("bytes").register(registry);
    }
}
