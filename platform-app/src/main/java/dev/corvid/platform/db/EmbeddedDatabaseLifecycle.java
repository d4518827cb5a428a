package dev.corvid.platform.db;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/** Stops the embedded server, if this application started one, after everything else has shut down. */
@ApplicationScoped
class EmbeddedDatabaseLifecycle {

    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) ShutdownEvent event) {
        EmbeddedDatabaseConfigSourceFactory.stopCurrent();
    }
}
