package dev.corvid.platform.rest;

import dev.corvid.platform.InstanceIdentity;
import dev.corvid.platform.api.module.CorvidModule;
import dev.corvid.platform.db.EmbeddedDatabaseConfigSourceFactory;
import dev.corvid.platform.db.SchemaMigrator;
import dev.corvid.platform.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What any reader may know about this instance. */
@Path("/api/v1/platform")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "platform")
public class PlatformResource {

    private final InstanceIdentity identity;
    private final List<ModuleView> modules;

    PlatformResource(InstanceIdentity identity, SchemaMigrator migrator) {
        this.identity = identity;
        this.modules = migrator.modules().stream().map(ModuleView::of).toList();
    }

    /** A module and the schema it owns. */
    public record ModuleView(String name, String schema) {

        static ModuleView of(CorvidModule module) {
            return new ModuleView(module.name(), module.schema());
        }
    }

    /** @param database {@code embedded} or {@code external} */
    public record Info(String application, String version, String instance, String database,
            List<ModuleView> modules) {
    }

    @GET
    @Path("/info")
    @RolesAllowed(Role.READER_NAME)
    @Operation(summary = "Application, version, instance, database kind and modules")
    public Info info() {
        String database = EmbeddedDatabaseConfigSourceFactory.databaseKind();
        return new Info(identity.application(), identity.version(), identity.instance(), database, modules);
    }
}
