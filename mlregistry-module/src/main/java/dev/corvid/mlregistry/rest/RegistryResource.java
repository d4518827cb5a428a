package dev.corvid.mlregistry.rest;

import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.registry.ModelSnapshot;
import dev.corvid.mlregistry.registry.NewModel;
import dev.corvid.mlregistry.registry.NewVersion;
import dev.corvid.mlregistry.registry.RegistryService;
import dev.corvid.mlregistry.registry.SearchQuery;
import dev.corvid.mlregistry.rest.RegistryViews.AliasTarget;
import dev.corvid.mlregistry.rest.RegistryViews.CreateModel;
import dev.corvid.mlregistry.rest.RegistryViews.CreateVersion;
import dev.corvid.mlregistry.rest.RegistryViews.ModelView;
import dev.corvid.mlregistry.rest.RegistryViews.PageView;
import dev.corvid.mlregistry.rest.RegistryViews.RenameModel;
import dev.corvid.mlregistry.rest.RegistryViews.TagValue;
import dev.corvid.mlregistry.rest.RegistryViews.UpdateModel;
import dev.corvid.mlregistry.rest.RegistryViews.UpdateVersion;
import dev.corvid.mlregistry.rest.RegistryViews.VersionView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The native registry API: models, versions, tags and aliases under {@code /api/v1/registry}. Absent things are
 * 404 problem+json; names taken are 400, as on the MLflow API.
 */
@Path("/api/v1/registry")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mlregistry")
public class RegistryResource {

    private final RegistryService registry;

    RegistryResource(RegistryService registry) {
        this.registry = registry;
    }

    static <T> T found(T value, String what) {
        if (value == null) {
            throw new MlRegistryException.NotFound(what + " not found.");
        }
        return value;
    }

    private Uni<ModelView> model(String name) {
        return registry.existing(name).map(ModelView::of);
    }

    // ---- models --------------------------------------------------------------------------------------------

    @POST
    @Path("/models")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Register a model")
    public Uni<RestResponse<ModelView>> createModel(@Valid @NotNull CreateModel body) {
        return registry.createModel(new NewModel(body.name(), body.description(), body.owner(), body.tags()))
                .flatMap(created -> model(created.name()))
                .map(view -> RestResponse.ResponseBuilder.<ModelView>created(UriBuilder
                        .fromPath("/api/v1/registry/models/{name}").build(view.name())).entity(view).build());
    }

    @GET
    @Path("/models")
    @RolesAllowed("reader")
    @Operation(summary = "Search models: filter (name LIKE 'x%' AND tags.team = 'risk' AND creation_timestamp > ms),"
            + " orderBy, pageSize, pageToken")
    public Uni<PageView<ModelView>> searchModels(@QueryParam("filter") String filter,
            @QueryParam("orderBy") List<String> orderBy, @QueryParam("pageSize") int pageSize,
            @QueryParam("pageToken") String pageToken) {
        return registry.searchModels(new SearchQuery(filter, orderBy, pageSize, pageToken))
                .map(page -> new PageView<>(page.items().stream().map(ModelView::of).toList(), page.nextPageToken()));
    }

    @GET
    @Path("/models/{name}")
    @RolesAllowed("reader")
    @Operation(summary = "A model")
    public Uni<ModelView> getModel(@PathParam("name") String name) {
        return model(name);
    }

    @PATCH
    @Path("/models/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Change a model's description")
    public Uni<ModelView> updateModel(@PathParam("name") String name, @Valid @NotNull UpdateModel body) {
        return registry.updateModel(name, body.description()).flatMap(ignored -> model(name));
    }

    @POST
    @Path("/models/{name}/rename")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Rename a model")
    public Uni<ModelView> renameModel(@PathParam("name") String name, @Valid @NotNull RenameModel body) {
        return registry.renameModel(name, body.newName()).flatMap(ignored -> model(body.newName()));
    }

    @DELETE
    @Path("/models/{name}")
    @RolesAllowed("writer")
    @Operation(summary = "Delete a model with its versions, aliases and predictions")
    public Uni<RestResponse<Void>> deleteModel(@PathParam("name") String name) {
        return registry.deleteModel(name).map(ignored -> RestResponse.noContent());
    }

    @PUT
    @Path("/models/{name}/tags/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Set a model tag")
    public Uni<ModelView> setModelTag(@PathParam("name") String name, @PathParam("key") String key,
            @Valid @NotNull TagValue body) {
        return registry.setModelTag(name, key, body.value()).flatMap(ignored -> model(name));
    }

    @DELETE
    @Path("/models/{name}/tags/{key}")
    @RolesAllowed("writer")
    @Operation(summary = "Delete a model tag")
    public Uni<ModelView> deleteModelTag(@PathParam("name") String name, @PathParam("key") String key) {
        return registry.deleteModelTag(name, key).flatMap(ignored -> model(name));
    }

    // ---- versions ------------------------------------------------------------------------------------------

    @POST
    @Path("/models/{name}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Register the next version of a model")
    public Uni<RestResponse<VersionView>> createVersion(@PathParam("name") String name,
            @Valid @NotNull CreateVersion body) {
        return registry.createVersion(name, new NewVersion(body.source(), body.runId(), body.runLink(), body.status(),
                body.statusMessage(), body.description(), body.framework(), body.metrics(), body.hyperparameters(),
                body.tags()))
                .map(v -> RestResponse.ResponseBuilder.<VersionView>created(UriBuilder
                        .fromPath("/api/v1/registry/models/{name}/versions/{version}").build(name, v.version()))
                        .entity(VersionView.of(v)).build());
    }

    @GET
    @Path("/models/{name}/versions")
    @RolesAllowed("reader")
    @Operation(summary = "Every version of a model, ascending")
    public Uni<List<VersionView>> versions(@PathParam("name") String name) {
        return registry.versions(name).map(vs -> found(vs, "Registered model '" + name + "'").stream()
                .map(VersionView::of).toList());
    }

    @GET
    @Path("/models/{name}/versions/latest")
    @RolesAllowed("reader")
    @Operation(summary = "The highest-numbered version")
    public Uni<VersionView> latest(@PathParam("name") String name) {
        return registry.existing(name).map(ModelSnapshot::latest)
                .map(v -> VersionView.of(found(v, "A version of model '" + name + "'")));
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @RolesAllowed("reader")
    @Operation(summary = "One version")
    public Uni<VersionView> version(@PathParam("name") String name, @PathParam("version") String version) {
        int v = RegistryService.parseVersion(version);
        return registry.version(name, v)
                .map(found -> VersionView.of(found(found, "Model version " + name + "/" + v)));
    }

    @PATCH
    @Path("/models/{name}/versions/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Change a version's description or status")
    public Uni<VersionView> updateVersion(@PathParam("name") String name, @PathParam("version") String version,
            @Valid @NotNull UpdateVersion body) {
        int v = RegistryService.parseVersion(version);
        return registry.updateVersion(name, v, body.description(), body.status(), body.statusMessage())
                .map(updated -> VersionView.of(found(updated, "Model version " + name + "/" + v)));
    }

    @DELETE
    @Path("/models/{name}/versions/{version}")
    @RolesAllowed("writer")
    @Operation(summary = "Delete a version with its aliases and predictions")
    public Uni<RestResponse<Void>> deleteVersion(@PathParam("name") String name,
            @PathParam("version") String version) {
        return registry.deleteVersion(name, RegistryService.parseVersion(version))
                .map(ignored -> RestResponse.noContent());
    }

    @PUT
    @Path("/models/{name}/versions/{version}/tags/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Set a version tag")
    public Uni<VersionView> setVersionTag(@PathParam("name") String name, @PathParam("version") String version,
            @PathParam("key") String key, @Valid @NotNull TagValue body) {
        int v = RegistryService.parseVersion(version);
        return registry.setVersionTag(name, v, key, body.value()).flatMap(ignored -> version(name, version));
    }

    @DELETE
    @Path("/models/{name}/versions/{version}/tags/{key}")
    @RolesAllowed("writer")
    @Operation(summary = "Delete a version tag")
    public Uni<VersionView> deleteVersionTag(@PathParam("name") String name, @PathParam("version") String version,
            @PathParam("key") String key) {
        int v = RegistryService.parseVersion(version);
        return registry.deleteVersionTag(name, v, key).flatMap(ignored -> version(name, version));
    }

    @GET
    @Path("/versions")
    @RolesAllowed("reader")
    @Operation(summary = "Search versions of all models: filter on name, run_id, source_path, version_number, tags")
    public Uni<PageView<VersionView>> searchVersions(@QueryParam("filter") String filter,
            @QueryParam("orderBy") List<String> orderBy, @QueryParam("pageSize") int pageSize,
            @QueryParam("pageToken") String pageToken) {
        return registry.searchVersions(new SearchQuery(filter, orderBy, pageSize, pageToken))
                .map(page -> new PageView<>(page.items().stream().map(VersionView::of).toList(),
                        page.nextPageToken()));
    }

    // ---- aliases -------------------------------------------------------------------------------------------

    @PUT
    @Path("/models/{name}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Point an alias (champion, challenger …) at a version, moving it if set")
    public Uni<VersionView> setAlias(@PathParam("name") String name, @PathParam("alias") String alias,
            @Valid @NotNull AliasTarget body) {
        return registry.setAlias(name, alias, body.version()).flatMap(ignored -> resolveAlias(name, alias));
    }

    @GET
    @Path("/models/{name}/aliases/{alias}")
    @RolesAllowed("reader")
    @Operation(summary = "The version an alias points at")
    public Uni<VersionView> resolveAlias(@PathParam("name") String name, @PathParam("alias") String alias) {
        return registry.alias(name, alias)
                .map(v -> VersionView.of(found(v, "Alias '" + alias + "' of model '" + name + "'")));
    }

    @DELETE
    @Path("/models/{name}/aliases/{alias}")
    @RolesAllowed("writer")
    @Operation(summary = "Delete an alias")
    public Uni<RestResponse<Void>> deleteAlias(@PathParam("name") String name, @PathParam("alias") String alias) {
        return registry.deleteAlias(name, alias).map(ignored -> RestResponse.noContent());
    }
}
