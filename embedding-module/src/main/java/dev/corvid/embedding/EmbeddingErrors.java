package dev.corvid.embedding;

import dev.corvid.platform.api.error.ErrorStatusTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** The embedding module's exception → HTTP status table. */
@ApplicationScoped
class EmbeddingErrors {

    @Produces
    @Singleton
    ErrorStatusTable table() {
        return new ErrorStatusTable("embedding", Map.of(
                EmbeddingException.InvalidInput.class, 400,
                EmbeddingException.Busy.class, 429,
                EmbeddingException.TimedOut.class, 503,
                EmbeddingException.Unavailable.class, 503,
                EmbeddingException.NotFound.class, 404,
                EmbeddingException.NotReady.class, 409));
    }
}
