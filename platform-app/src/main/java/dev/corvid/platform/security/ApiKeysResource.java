package dev.corvid.platform.security;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * API keys made at run time, without a restart: {@code ./corvid key create|list|revoke} calls these. The key itself
 * is in the answer to its creation and nowhere else, ever.
 */
@Path("/api/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@Tag(name = "platform")
public class ApiKeysResource {

    private final ApiKeyService keys;

    ApiKeysResource(ApiKeyService keys) {
        this.keys = keys;
    }

    /** A key to make: its name (what logs show) and its role. */
    public record NewKey(@NotNull String name, @NotNull Role role) {
    }

    /** A key just made; {@code key} is shown this once. */
    public record CreatedKey(String name, String role, String key) {
    }

    /** A key without its secret; {@code source} is {@code config} or {@code runtime}. */
    public record KeyView(String name, String role, String source, Instant createdAt, Instant revokedAt,
            boolean active) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make an API key (reader, writer or admin); the answer holds the key, shown once")
    public Uni<RestResponse<CreatedKey>> create(@Valid @NotNull NewKey body) {
        return keys.create(body.name(), body.role()).map(created -> RestResponse.status(RestResponse.Status.CREATED,
                new CreatedKey(created.name(), created.role().name().toLowerCase(java.util.Locale.ROOT),
                        created.key())));
    }

    @GET
    @Operation(summary = "Every API key, configured and made at run time, without secrets")
    public Uni<List<KeyView>> list() {
        return keys.list().map(all -> all.stream().map(k -> new KeyView(k.name(),
                k.role().name().toLowerCase(java.util.Locale.ROOT), k.createdAt() == null ? "config" : "runtime",
                k.createdAt(), k.revokedAt(), k.revokedAt() == null)).toList());
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Revoke a key made at run time; it stops working at once here, within 10 s elsewhere")
    public Uni<RestResponse<Void>> revoke(@PathParam("name") String name) {
        return keys.revoke(name).map(ignored -> RestResponse.noContent());
    }
}
