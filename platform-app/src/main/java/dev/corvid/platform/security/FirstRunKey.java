package dev.corvid.platform.security;

import dev.corvid.platform.api.error.ConflictException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A first start that can write, as Jupyter and Grafana do it: when no key is configured and none has been made, the
 * platform makes an admin key, keeps only its digest, writes the key once to {@code <corvid.data-dir>/admin-key}
 * (readable by its owner alone) and logs where it is.
 */
@ApplicationScoped
class FirstRunKey {

    static final String FILE_NAME = "admin-key";
    private static final Logger LOG = Logger.getLogger(FirstRunKey.class);

    private final ApiKeyService keys;
    private final Path file;

    FirstRunKey(ApiKeyService keys, @ConfigProperty(name = "corvid.data-dir", defaultValue = "data") Path dataDir) {
        this.keys = keys;
        this.file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1) StartupEvent event) throws Throwable {
        if (keys.anyConfigured() || VertxContextSupport.subscribeAndAwait(keys::anyStored)) {
            return;
        }
        ApiKeyService.Created created;
        try {
            created = VertxContextSupport.subscribeAndAwait(() -> keys.create("admin", Role.ADMIN));
        } catch (ConflictException e) {
            // "admin" was made and revoked before: keep names unique.
            created = VertxContextSupport.subscribeAndAwait(() -> keys.create(
                    "admin-" + System.currentTimeMillis() / 1000, Role.ADMIN));
        }
        write(created.key());
        LOG.infof("No API key was configured, so this first start made an admin key (name '%s'). It is in %s,"
                + " readable by its owner alone. Send it as 'Authorization: Bearer <key>'; make keys for others with"
                + " './corvid key create --role writer'.", created.name(), file);
    }

    /** Writes the key to a new owner-only file, replacing an older one atomically. */
    private void write(String key) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.createFile(temp);
            }
            Files.writeString(temp, key + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the first-run admin key to " + file, e);
        }
    }
}
