package dev.corvid.mlregistry.mlflow;

import dev.corvid.mlregistry.MlRegistryModule;
import dev.corvid.platform.api.flags.FeatureFlags;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Serves the MLflow API only while the {@code mlregistry-mlflow-api} flag is on; otherwise MLflow's 404. */
class MlflowApiSwitch {

    private final FeatureFlags flags;

    MlflowApiSwitch(FeatureFlags flags) {
        this.flags = flags;
    }

    @ServerRequestFilter
    Response gate(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/api/2.0/mlflow/")
                && !flags.isEnabled(MlRegistryModule.MLFLOW_API.name())) {
            return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new MlflowJson.Error(
                    "ENDPOINT_NOT_FOUND", "The MLflow API is turned off (feature flag mlregistry-mlflow-api)."))
                    .build();
        }
        return null;
    }
}
