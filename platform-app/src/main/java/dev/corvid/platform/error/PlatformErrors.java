package dev.corvid.platform.error;

import dev.corvid.platform.api.error.ConflictException;
import dev.corvid.platform.api.error.ErrorStatusTable;
import dev.corvid.platform.api.error.InvalidInputException;
import dev.corvid.platform.api.error.NotFoundException;
import dev.corvid.platform.api.error.ServiceUnavailableException;
import dev.corvid.platform.api.flags.UnknownFlagException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** The platform's exception → status table: the shared base types and the fault-tolerance outcomes. */
@ApplicationScoped
class PlatformErrors {

    @Produces
    @Singleton
    ErrorStatusTable table() {
        return new ErrorStatusTable("platform", Map.of(
                InvalidInputException.class, 400,
                NotFoundException.class, 404,
                UnknownFlagException.class, 404,
                ConflictException.class, 409,
                ServiceUnavailableException.class, 503,
                CircuitBreakerOpenException.class, 503,
                TimeoutException.class, 503,
                BulkheadException.class, 503));
    }
}
