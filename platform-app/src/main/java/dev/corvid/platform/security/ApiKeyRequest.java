package dev.corvid.platform.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The key a request presented, on its way to {@link ApiKeyIdentityProvider}. */
final class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    ApiKeyRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyRequest[***]";
    }
}
