package dev.corvid.platform.security;

import dev.corvid.platform.api.error.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The API keys made at run time, in {@code platform.api_key}: name, role and the SHA-256 digest of the key, never
 * the key. A revoked key keeps its row (with {@code revoked_at}) and its name, so a name is never reused.
 */
@ApplicationScoped
@Timeout(5000)
class ApiKeyStore {

    /** A key as stored. */
    record StoredKey(String name, Role role, Instant createdAt, Instant revokedAt) {
    }

    private final Pool pool;

    ApiKeyStore(Pool pool) {
        this.pool = pool;
    }

    /** The active key with this digest, or null. */
    Uni<StoredKey> findActive(String digest) {
        return pool.preparedQuery("SELECT name, role, created_at, revoked_at FROM platform.api_key"
                + " WHERE digest = $1 AND revoked_at IS NULL").execute(Tuple.of(digest))
                .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    /** Stores a new key; a name already used (even by a revoked key) or a digest already stored is a conflict. */
    Uni<StoredKey> create(String name, String digest, Role role, Instant now) {
        return pool.preparedQuery("INSERT INTO platform.api_key (name, digest, role, created_at)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING name, role, created_at, revoked_at")
                .execute(Tuple.of(name, digest, role.name().toLowerCase(java.util.Locale.ROOT), utc(now)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ConflictException("An API key named '" + name + "' exists (or existed): choose"
                                + " another name.");
                    }
                    return row(rows.iterator().next());
                });
    }

    /** Revokes the named key; its digest, or null when there is no active key of that name. */
    Uni<String> revoke(String name, Instant now) {
        return pool.preparedQuery("UPDATE platform.api_key SET revoked_at = $2 WHERE name = $1"
                + " AND revoked_at IS NULL RETURNING digest").execute(Tuple.of(name, utc(now)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** Every key, active and revoked, oldest first. */
    Uni<List<StoredKey>> list() {
        return pool.query("SELECT name, role, created_at, revoked_at FROM platform.api_key ORDER BY created_at, name")
                .execute().map(rows -> {
                    List<StoredKey> keys = new java.util.ArrayList<>();
                    rows.forEach(r -> keys.add(row(r)));
                    return keys;
                });
    }

    /** Whether any key is active. */
    Uni<Boolean> anyActive() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM platform.api_key WHERE revoked_at IS NULL)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static StoredKey row(Row row) {
        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
        return new StoredKey(row.getString("name"), Role.valueOf(row.getString("role").toUpperCase(
                java.util.Locale.ROOT)), row.getOffsetDateTime("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
