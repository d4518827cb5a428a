package dev.corvid.platform.rest;

import dev.corvid.platform.api.module.CorvidModule;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Comparator;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/** One OpenAPI tag per module, named and described by the module's own descriptor ({@link CorvidModule}). */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class ModuleTags implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Arc.container().select(CorvidModule.class).stream().sorted(Comparator.comparing(CorvidModule::name))
                .forEach(module -> {
                    Tag tag = openAPI.getTags() == null ? null : openAPI.getTags().stream()
                            .filter(t -> t.getName().equals(module.name())).findFirst().orElse(null);
                    if (tag == null) {
                        openAPI.addTag(OASFactory.createTag().name(module.name()).description(module.description()));
                    } else if (tag.getDescription() == null) {
                        tag.setDescription(module.description());
                    }
                });
    }
}
