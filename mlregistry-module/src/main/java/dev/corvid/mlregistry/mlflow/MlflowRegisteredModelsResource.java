package dev.corvid.mlregistry.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corvid.mlregistry.mlflow.MlflowJson.CreateRegisteredModel;
import dev.corvid.mlregistry.mlflow.MlflowJson.DeleteAlias;
import dev.corvid.mlregistry.mlflow.MlflowJson.DeleteTag;
import dev.corvid.mlregistry.mlflow.MlflowJson.GetLatestVersions;
import dev.corvid.mlregistry.mlflow.MlflowJson.MlflowModelVersion;
import dev.corvid.mlregistry.mlflow.MlflowJson.MlflowRegisteredModel;
import dev.corvid.mlregistry.mlflow.MlflowJson.ModelVersionResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.ModelVersionsResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.NameOnly;
import dev.corvid.mlregistry.mlflow.MlflowJson.RegisteredModelResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.RenameRegisteredModel;
import dev.corvid.mlregistry.mlflow.MlflowJson.SearchRegisteredModelsResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.SetAlias;
import dev.corvid.mlregistry.mlflow.MlflowJson.SetTag;
import dev.corvid.mlregistry.mlflow.MlflowJson.UpdateRegisteredModel;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.registry.ModelSnapshot;
import dev.corvid.mlregistry.registry.NewModel;
import dev.corvid.mlregistry.registry.RegistryService;
import dev.corvid.mlregistry.registry.SearchQuery;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** MLflow's registered-model endpoints ({@code /api/2.0/mlflow/registered-models/...}). */
@Path("/api/2.0/mlflow/registered-models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mlregistry")
@MlflowApi
public class MlflowRegisteredModelsResource {

    private final RegistryService registry;
    private final MlflowRequests requests;

    MlflowRegisteredModelsResource(RegistryService registry, MlflowRequests requests) {
        this.registry = registry;
        this.requests = requests;
    }

    private Uni<RegisteredModelResponse> respond(String name) {
        return registry.existing(name).map(s -> new RegisteredModelResponse(MlflowRegisteredModel.of(s)));
    }

    @POST
    @Path("/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow CreateRegisteredModel; a name that exists is RESOURCE_ALREADY_EXISTS, as in MLflow")
    public Uni<RegisteredModelResponse> create(CreateRegisteredModel request) {
        CreateRegisteredModel r = request == null ? new CreateRegisteredModel(null, null, null) : request;
        return registry.createModel(new NewModel(r.name(), r.description(), null, MlflowJson.tagMap(r.tags())), false)
                .flatMap(model -> respond(model.name()));
    }

    @GET
    @Path("/get")
    @RolesAllowed("reader")
    @Operation(summary = "MLflow GetRegisteredModel")
    public Uni<RegisteredModelResponse> get(@QueryParam("name") String name) {
        return respond(MlflowRequests.required("name", name));
    }

    @PATCH
    @Path("/update")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow UpdateRegisteredModel (description)")
    public Uni<RegisteredModelResponse> update(UpdateRegisteredModel request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        return registry.updateModel(name, request.description()).flatMap(ignored -> respond(name));
    }

    @POST
    @Path("/rename")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow RenameRegisteredModel")
    public Uni<RegisteredModelResponse> rename(RenameRegisteredModel request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        String newName = MlflowRequests.required("new_name", request.newName());
        return registry.renameModel(name, newName).flatMap(ignored -> respond(newName));
    }

    @DELETE
    @Path("/delete")
    @RolesAllowed("writer")
    @Operation(summary = "MLflow DeleteRegisteredModel (name in the JSON body or the query)")
    public Uni<Map<String, Object>> delete(@QueryParam("name") String name, String body)
            throws JsonProcessingException {
        NameOnly request = requests.optionalBody(body, NameOnly.class);
        return registry.deleteModel(MlflowRequests.required("name", request == null ? null : request.name(), name))
                .map(ignored -> Map.of());
    }

    @GET
    @Path("/search")
    @RolesAllowed("reader")
    @Operation(summary = "MLflow SearchRegisteredModels: filter on name, tags.<key>, timestamps; page tokens")
    public Uni<SearchRegisteredModelsResponse> search(@QueryParam("filter") String filter,
            @QueryParam("max_results") String maxResults, @QueryParam("order_by") List<String> orderBy,
            @QueryParam("page_token") String pageToken) {
        return registry.searchModels(new SearchQuery(filter, orderBy, MlflowRequests.maxResults(maxResults),
                pageToken)).map(page -> new SearchRegisteredModelsResponse(
                        page.items().stream().map(MlflowRegisteredModel::of).toList(), page.nextPageToken()));
    }

    @POST
    @Path("/get-latest-versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("reader")
    @Operation(summary = "MLflow GetLatestVersions; stages are deprecated, every version is in stage None")
    public Uni<ModelVersionsResponse> latestVersions(GetLatestVersions request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        return latest(name, request.stages());
    }

    @GET
    @Path("/get-latest-versions")
    @RolesAllowed("reader")
    public Uni<ModelVersionsResponse> latestVersionsByQuery(@QueryParam("name") String name,
            @QueryParam("stages") List<String> stages) {
        return latest(MlflowRequests.required("name", name), stages);
    }

    private Uni<ModelVersionsResponse> latest(String name, List<String> stages) {
        boolean wantsNone = stages == null || stages.isEmpty()
                || stages.stream().anyMatch(stage -> stage.equalsIgnoreCase("None"));
        return registry.existing(name).map(ModelSnapshot::latest).map(latest -> new ModelVersionsResponse(
                latest == null || !wantsNone ? List.of() : List.of(MlflowModelVersion.of(latest))));
    }

    @POST
    @Path("/set-tag")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow SetRegisteredModelTag")
    public Uni<Map<String, Object>> setTag(SetTag request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        return registry.setModelTag(name, MlflowRequests.required("key", request.key()), request.value())
                .map(ignored -> Map.of());
    }

    @DELETE
    @Path("/delete-tag")
    @RolesAllowed("writer")
    @Operation(summary = "MLflow DeleteRegisteredModelTag")
    public Uni<Map<String, Object>> deleteTag(@QueryParam("name") String name, @QueryParam("key") String key,
            String body) throws JsonProcessingException {
        DeleteTag request = requests.optionalBody(body, DeleteTag.class);
        return registry.deleteModelTag(MlflowRequests.required("name", request == null ? null : request.name(), name),
                MlflowRequests.required("key", request == null ? null : request.key(), key)).map(ignored -> Map.of());
    }

    @POST
    @Path("/alias")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow SetRegisteredModelAlias: point an alias at a version, moving it if needed")
    public Uni<Map<String, Object>> setAlias(SetAlias request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        int version = RegistryService.parseVersion(MlflowRequests.required("version", request.version()));
        return registry.setAlias(name, MlflowRequests.required("alias", request.alias()), version)
                .map(ignored -> Map.of());
    }

    @DELETE
    @Path("/alias")
    @RolesAllowed("writer")
    @Operation(summary = "MLflow DeleteRegisteredModelAlias")
    public Uni<Map<String, Object>> deleteAlias(@QueryParam("name") String name, @QueryParam("alias") String alias,
            String body) throws JsonProcessingException {
        DeleteAlias request = requests.optionalBody(body, DeleteAlias.class);
        return registry.deleteAlias(MlflowRequests.required("name", request == null ? null : request.name(), name),
                MlflowRequests.required("alias", request == null ? null : request.alias(), alias))
                .map(ignored -> Map.of());
    }

    @GET
    @Path("/alias")
    @RolesAllowed("reader")
    @Operation(summary = "MLflow GetModelVersionByAlias")
    public Uni<ModelVersionResponse> byAlias(@QueryParam("name") String name, @QueryParam("alias") String alias) {
        String model = MlflowRequests.required("name", name);
        String a = MlflowRequests.required("alias", alias);
        return registry.alias(model, a).map(version -> {
            if (version == null) {
                throw new MlRegistryException.NotFound("Registered model alias " + a + " not found.");
            }
            return new ModelVersionResponse(MlflowModelVersion.of(version));
        });
    }
}
