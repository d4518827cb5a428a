package dev.corvid.platform.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * When reads need no key, gives anonymous callers the {@code reader} role. They stay anonymous, so a write still
 * answers 401 (authenticate) rather than 403.
 */
@ApplicationScoped
class OpenReadsAugmentor implements SecurityIdentityAugmentor {

    private final boolean readsOpen;

    OpenReadsAugmentor(SecurityConfig config) {
        this.readsOpen = !config.readRequiresKey();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!readsOpen || !identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(Role.READER_NAME).build());
    }
}
