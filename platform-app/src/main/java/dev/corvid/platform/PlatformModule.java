package dev.corvid.platform;

import dev.corvid.platform.api.module.CorvidModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The platform's own schema ({@code platform}: instance starts) is migrated like any module's. */
@ApplicationScoped
class PlatformModule {

    @Produces
    @Singleton
    CorvidModule descriptor() {
        return new CorvidModule("platform", "Instance info, feature flags, starts, API keys", "platform", List.of());
    }
}
