package dev.corvid.markov;

import dev.corvid.platform.api.error.ErrorStatusTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** The markov module's exception → HTTP status table. */
@ApplicationScoped
class MarkovErrors {

    @Produces
    @Singleton
    ErrorStatusTable table() {
        return new ErrorStatusTable("markov", Map.of(
                MarkovException.NotFound.class, 404,
                MarkovException.InvalidInput.class, 400,
                MarkovException.ImportFailed.class, 400,
                MarkovException.Busy.class, 429));
    }
}
