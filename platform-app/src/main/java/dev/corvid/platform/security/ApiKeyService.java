package dev.corvid.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.corvid.platform.api.error.InvalidInputException;
import dev.corvid.platform.api.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every API key the platform accepts: those in configuration ({@code corvid.security.api-keys.*}, fixed at start)
 * and those made at run time ({@link ApiKeyStore}: the first-run admin key, {@code ./corvid key create}). Keys are
 * known only by their SHA-256 digests. A presented key is looked up in configuration first, then in the store
 * through a small cache: a key made here works at once, a key revoked here stops at once, and on other instances
 * both take effect within {@link #CACHE_TTL}.
 */
@Singleton
class ApiKeyService {

    /** How long another instance may go on accepting a revoked key, or refusing a new one. */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    static final int MIN_KEY_LENGTH = 24;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a key belongs to. */
    record Identity(String name, Role role) {
    }

    /** A key just made: the only time the key itself is seen. */
    record Created(String name, Role role, String key) {
    }

    private static final Identity UNKNOWN = new Identity("", Role.READER);

    private final Map<String, Identity> configured;
    private final ApiKeyStore store;
    private final Clock clock;
    private final Cache<String, Identity> stored = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL).build();

    ApiKeyService(SecurityConfig config, ApiKeyStore store, Clock clock) {
        Map<String, Identity> entries = new TreeMap<>();
        config.apiKeys().forEach((name, apiKey) -> {
            if (apiKey.key().length() < MIN_KEY_LENGTH) {
                throw new IllegalStateException("corvid.security.api-keys." + name + ".key must be at least "
                        + MIN_KEY_LENGTH + " characters");
            }
            if (entries.put(digest(apiKey.key()), new Identity(name, apiKey.role())) != null) {
                throw new IllegalStateException("corvid.security.api-keys." + name + ".key is used by another key name");
            }
        });
        this.configured = Map.copyOf(entries);
        this.store = store;
        this.clock = clock;
    }

    /** Whether configuration names any key (then no first-run key is made). */
    boolean anyConfigured() {
        return !configured.isEmpty();
    }

    /** The identity of a presented key; null when no active key matches. */
    Uni<Identity> authenticate(String key) {
        String presented = digest(key);
        Identity match = null;
        for (Map.Entry<String, Identity> candidate : configured.entrySet()) {
            // Compare with every configured key, constant time each, so timing tells nothing about near misses.
            if (MessageDigest.isEqual(candidate.getKey().getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII))) {
                match = candidate.getValue();
            }
        }
        if (match != null) {
            return Uni.createFrom().item(match);
        }
        Identity cached = stored.getIfPresent(presented);
        if (cached != null) {
            return Uni.createFrom().item(cached == UNKNOWN ? null : cached);
        }
        return store.findActive(presented).map(row -> {
            Identity identity = row == null ? UNKNOWN : new Identity(row.name(), row.role());
            stored.put(presented, identity);
            return identity == UNKNOWN ? null : identity;
        });
    }

    /** Makes a key with a new random secret; the name must be new. */
    Uni<Created> create(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("A key name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-',"
                    + " starting with a letter or digit; '" + name + "' is not.");
        }
        if (role == null) {
            throw new InvalidInputException("role is required: reader, writer or admin.");
        }
        String key = newKey();
        String digest = digest(key);
        return store.create(name, digest, role, clock.instant()).map(row -> {
            stored.invalidate(digest);
            return new Created(row.name(), row.role(), key);
        });
    }

    /** Revokes a run-time key by name; configured keys are changed in configuration. */
    Uni<Void> revoke(String name) {
        if (configured.values().stream().anyMatch(i -> i.name().equals(name))) {
            throw new InvalidInputException("Key '" + name + "' is set in configuration (corvid.security.api-keys."
                    + name + "); remove it there.");
        }
        return store.revoke(name, clock.instant()).map(digest -> {
            if (digest == null) {
                throw new NotFoundException("There is no active API key named '" + name + "'.");
            }
            stored.invalidate(digest);
            return null;
        });
    }

    /** Every key: configured ones first, then run-time ones with their state. No secrets. */
    Uni<List<ApiKeyStore.StoredKey>> list() {
        List<ApiKeyStore.StoredKey> fromConfig = configured.values().stream()
                .map(i -> new ApiKeyStore.StoredKey(i.name(), i.role(), null, null)).sorted(
                        java.util.Comparator.comparing(ApiKeyStore.StoredKey::name)).toList();
        return store.list().map(rows -> {
            List<ApiKeyStore.StoredKey> all = new java.util.ArrayList<>(fromConfig);
            all.addAll(rows);
            return all;
        });
    }

    /** Whether any run-time key is active. */
    Uni<Boolean> anyStored() {
        return store.anyActive();
    }

    /** A fresh key: {@code corvid_} and 32 random bytes, URL-safe base64 (43 characters). */
    static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "corvid_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String digest(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
