package dev.corvid.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a presented API key into an identity named after the key's config name, with its role and the roles below.
 * Keys are held only as SHA-256 digests and compared in constant time. A key shorter than 24 characters or used
 * twice stops start-up with a message naming the property, never the key.
 */
@ApplicationScoped
class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    static final int MIN_KEY_LENGTH = 24;

    private final Map<String, Entry> byDigest;

    private record Entry(String name, Role role) {
    }

    ApiKeyIdentityProvider(SecurityConfig config) {
        Map<String, Entry> entries = new TreeMap<>();
        config.apiKeys().forEach((name, apiKey) -> {
            if (apiKey.key().length() < MIN_KEY_LENGTH) {
                throw new IllegalStateException("corvid.security.api-keys." + name + ".key must be at least "
                        + MIN_KEY_LENGTH + " characters");
            }
            if (entries.put(digest(apiKey.key()), new Entry(name, apiKey.role())) != null) {
                throw new IllegalStateException("corvid.security.api-keys." + name + ".key is used by another key name");
            }
        });
        this.byDigest = Map.copyOf(entries);
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        String presented = digest(request.key());
        Entry match = null;
        for (Map.Entry<String, Entry> candidate : byDigest.entrySet()) {
            // Compare with every key, constant time each, so timing tells nothing about which key nearly matched.
            if (MessageDigest.isEqual(candidate.getKey().getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII))) {
                match = candidate.getValue();
            }
        }
        if (match == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("API key not recognised"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(match.name()))
                .addRoles(match.role().granted())
                .build());
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
