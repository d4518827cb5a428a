package dev.corvid.platform.support;

import dev.corvid.platform.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * A test-only resource with one endpoint per role and a validated JSON body, so the platform's security and error
 * layers are exercised exactly as module resources will use them.
 */
@Path("/api/v1/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    public enum Kind { SMALL, LARGE }

    public record Item(@NotBlank String label, @Min(0) int weight) {
    }

    public record ProbeBody(@NotBlank String name, @Min(1) @Max(10) int count, @NotNull Kind kind,
            List<@Valid Item> items) {
    }

    @GET
    @RolesAllowed(Role.READER_NAME)
    public Map<String, Object> read() {
        return Map.of("ok", true);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.WRITER_NAME)
    public ProbeBody write(@Valid @NotNull ProbeBody body) {
        return body;
    }

    @DELETE
    @RolesAllowed(Role.ADMIN_NAME)
    public Map<String, Object> delete() {
        return Map.of("deleted", true);
    }
}
