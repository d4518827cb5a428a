package dev.corvid.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Seams every module injects instead of reaching for statics, so tests can replace them. */
@ApplicationScoped
class PlatformProducers {

    /** Wall-clock time, UTC. Tests move time by producing another {@link Clock} as an alternative. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
