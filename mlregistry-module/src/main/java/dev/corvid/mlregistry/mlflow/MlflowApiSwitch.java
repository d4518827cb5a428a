package dev.corvid.mlregistry.mlflow;

import dev.corvid.mlregistry.MlRegistryModule;
import dev.corvid.platform.api.flags.FeatureFlags;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.inject.Provider;

/**
 * Serves the MLflow API only while the {@code mlregistry-mlflow-api} flag is on; otherwise MLflow's 404. Bound to the
 * MLflow resources by {@link MlflowApi}, not by the request path.
 */
@jakarta.ws.rs.ext.Provider
@MlflowApi
class MlflowApiSwitch implements ContainerRequestFilter {

    /** Looked up per request: the filter is made while the REST layer starts, before configuration is mapped. */
    private final Provider<FeatureFlags> flags;

    MlflowApiSwitch(Provider<FeatureFlags> flags) {
        this.flags = flags;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!flags.get().isEnabled(MlRegistryModule.MLFLOW_API.name())) {
            request.abortWith(Response.status(404).type(MediaType.APPLICATION_JSON).entity(new MlflowJson.Error(
                    "ENDPOINT_NOT_FOUND", "The MLflow API is turned off (feature flag mlregistry-mlflow-api)."))
                    .build());
        }
    }
}
