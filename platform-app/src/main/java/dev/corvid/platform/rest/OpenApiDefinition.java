package dev.corvid.platform.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and the two ways to send an API key; module tags come from {@link ModuleTags}. */
@OpenAPIDefinition(
        info = @Info(title = "Corvid", version = "0.1.0",
                description = "Markov chains for Discord, BGE embeddings and an ML model registry in one service.",
                license = @License(name = "Apache-2.0")),
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                        description = "Authorization: Bearer <API key>"),
                @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY,
                        apiKeyName = "X-API-Key", in = SecuritySchemeIn.HEADER, description = "X-API-Key: <API key>")
        }))
public class OpenApiDefinition extends Application {
}
