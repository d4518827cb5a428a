package dev.corvid.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a presented API key into an identity named after the key, with its role and the roles below
 * ({@link ApiKeyService} knows the keys). An unknown or revoked key fails authentication (401).
 */
@ApplicationScoped
class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    private final ApiKeyService keys;

    ApiKeyIdentityProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        return keys.authenticate(request.key()).map(match -> {
            if (match == null) {
                throw new AuthenticationFailedException("API key not recognised");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(match.name()))
                    .addRoles(match.role().granted())
                    .build();
        });
    }
}
