package dev.corvid.mlregistry;

import dev.corvid.platform.api.flags.FlagDefinition;
import dev.corvid.platform.api.module.CorvidModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Registers the mlregistry module with the platform: its schema, migrations and feature flags. */
@ApplicationScoped
public class MlRegistryModule {

    /** The MLflow-compatible REST API under /api/2.0/mlflow is served. */
    public static final FlagDefinition MLFLOW_API = new FlagDefinition("mlregistry-mlflow-api",
            "The MLflow-compatible REST API under /api/2.0/mlflow is served.", true);

    @Produces
    @Singleton
    CorvidModule descriptor() {
        return new CorvidModule("mlregistry", "Model registry and prediction performance", "mlregistry",
                List.of(MLFLOW_API));
    }
}
