package dev.corvid.mlregistry.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.mlflow.MlflowJson.CreateModelVersion;
import dev.corvid.mlregistry.mlflow.MlflowJson.DeleteTag;
import dev.corvid.mlregistry.mlflow.MlflowJson.DownloadUriResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.MlflowModelVersion;
import dev.corvid.mlregistry.mlflow.MlflowJson.ModelVersionResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.SearchModelVersionsResponse;
import dev.corvid.mlregistry.mlflow.MlflowJson.SetTag;
import dev.corvid.mlregistry.mlflow.MlflowJson.UpdateModelVersion;
import dev.corvid.mlregistry.mlflow.MlflowJson.VersionRef;
import dev.corvid.mlregistry.registry.NewVersion;
import dev.corvid.mlregistry.registry.RegistryService;
import dev.corvid.mlregistry.registry.SearchQuery;
import dev.corvid.mlregistry.registry.VersionStatus;
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

/** MLflow's model-version endpoints ({@code /api/2.0/mlflow/model-versions/...}). */
@Path("/api/2.0/mlflow/model-versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mlregistry")
@MlflowApi
public class MlflowModelVersionsResource {

    private final RegistryService registry;
    private final MlflowRequests requests;

    MlflowModelVersionsResource(RegistryService registry, MlflowRequests requests) {
        this.registry = registry;
        this.requests = requests;
    }

    private Uni<ModelVersionResponse> respond(String name, int version) {
        return registry.version(name, version).map(v -> {
            if (v == null) {
                throw MlRegistryException.versionNotFound(name, version);
            }
            return new ModelVersionResponse(MlflowModelVersion.of(v));
        });
    }

    @POST
    @Path("/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow CreateModelVersion; an identical retry within the replay window returns the same "
            + "version")
    public Uni<ModelVersionResponse> create(CreateModelVersion request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        return registry.createVersion(name, new NewVersion(request.source(), request.runId(), request.runLink(),
                VersionStatus.READY, null, request.description(), null, null, null,
                MlflowJson.tagMap(request.tags())))
                .map(v -> new ModelVersionResponse(MlflowModelVersion.of(v)));
    }

    @GET
    @Path("/get")
    @RolesAllowed("reader")
    @Operation(summary = "MLflow GetModelVersion")
    public Uni<ModelVersionResponse> get(@QueryParam("name") String name, @QueryParam("version") String version) {
        return respond(MlflowRequests.required("name", name),
                RegistryService.parseVersion(MlflowRequests.required("version", version)));
    }

    @PATCH
    @Path("/update")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow UpdateModelVersion (description)")
    public Uni<ModelVersionResponse> update(UpdateModelVersion request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        int version = RegistryService.parseVersion(MlflowRequests.required("version", request.version()));
        return registry.updateVersion(name, version, request.description(), null, null)
                .flatMap(ignored -> respond(name, version));
    }

    @DELETE
    @Path("/delete")
    @RolesAllowed("writer")
    @Operation(summary = "MLflow DeleteModelVersion")
    public Uni<Map<String, Object>> delete(@QueryParam("name") String name, @QueryParam("version") String version,
            String body) throws JsonProcessingException {
        VersionRef request = requests.optionalBody(body, VersionRef.class);
        String model = MlflowRequests.required("name", request == null ? null : request.name(), name);
        int v = RegistryService.parseVersion(MlflowRequests.required("version",
                request == null ? null : request.version(), version));
        return registry.deleteVersion(model, v).map(ignored -> Map.of());
    }

    @GET
    @Path("/search")
    @RolesAllowed("reader")
    @Operation(summary = "MLflow SearchModelVersions: filter on name, run_id, source_path, version_number, tags")
    public Uni<SearchModelVersionsResponse> search(@QueryParam("filter") String filter,
            @QueryParam("max_results") String maxResults, @QueryParam("order_by") List<String> orderBy,
            @QueryParam("page_token") String pageToken) {
        return registry.searchVersions(new SearchQuery(filter, orderBy, MlflowRequests.maxResults(maxResults),
                pageToken)).map(page -> new SearchModelVersionsResponse(
                        page.items().stream().map(MlflowModelVersion::of).toList(), page.nextPageToken()));
    }

    @GET
    @Path("/get-download-uri")
    @RolesAllowed("reader")
    @Operation(summary = "MLflow GetModelVersionDownloadUri: the version's source")
    public Uni<DownloadUriResponse> downloadUri(@QueryParam("name") String name,
            @QueryParam("version") String version) {
        String model = MlflowRequests.required("name", name);
        int v = RegistryService.parseVersion(MlflowRequests.required("version", version));
        return respond(model, v).map(r -> new DownloadUriResponse(r.modelVersion().source()));
    }

    @POST
    @Path("/set-tag")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "MLflow SetModelVersionTag")
    public Uni<Map<String, Object>> setTag(SetTag request) {
        String name = MlflowRequests.required("name", request == null ? null : request.name());
        int version = RegistryService.parseVersion(MlflowRequests.required("version", request.version()));
        return registry.setVersionTag(name, version, MlflowRequests.required("key", request.key()), request.value())
                .map(ignored -> Map.of());
    }

    @DELETE
    @Path("/delete-tag")
    @RolesAllowed("writer")
    @Operation(summary = "MLflow DeleteModelVersionTag")
    public Uni<Map<String, Object>> deleteTag(@QueryParam("name") String name, @QueryParam("version") String version,
            @QueryParam("key") String key, String body) throws JsonProcessingException {
        DeleteTag request = requests.optionalBody(body, DeleteTag.class);
        String model = MlflowRequests.required("name", request == null ? null : request.name(), name);
        int v = RegistryService.parseVersion(MlflowRequests.required("version",
                request == null ? null : request.version(), version));
        return registry.deleteVersionTag(model, v, MlflowRequests.required("key",
                request == null ? null : request.key(), key)).map(ignored -> Map.of());
    }
}
