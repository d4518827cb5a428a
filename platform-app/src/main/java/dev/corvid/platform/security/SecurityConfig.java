package dev.corvid.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * API keys and who may read: {@code corvid.security.api-keys.<name>.key} and {@code .role}. The key name is what
 * logs and audit show; the key itself is never logged or echoed.
 */
@ConfigMapping(prefix = "corvid.security")
public interface SecurityConfig {

    /** Whether read endpoints need a key with role {@code reader} (true), or are open to anyone (false). */
    @WithDefault("false")
    boolean readRequiresKey();

    /** The API keys, by name. */
    Map<String, ApiKey> apiKeys();

    /** One API key. */
    interface ApiKey {

        /** The secret the client sends as {@code Authorization: Bearer <key>} or {@code X-API-Key}; 24+ characters. */
        String key();

        /** {@code reader}, {@code writer} (implies reader) or {@code admin} (implies both). */
        Role role();
    }
}
