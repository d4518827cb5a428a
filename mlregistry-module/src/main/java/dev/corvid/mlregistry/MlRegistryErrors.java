package dev.corvid.mlregistry;

import dev.corvid.platform.api.error.ErrorStatusTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** The registry's exception → HTTP status table. Already-exists is a 400, as in MLflow. */
@ApplicationScoped
class MlRegistryErrors {

    @Produces
    @Singleton
    ErrorStatusTable table() {
        return new ErrorStatusTable("mlregistry", Map.of(
                MlRegistryException.NotFound.class, 404,
                MlRegistryException.AlreadyExists.class, 400,
                MlRegistryException.InvalidParameter.class, 400,
                MlRegistryException.InvalidState.class, 409));
    }
}
