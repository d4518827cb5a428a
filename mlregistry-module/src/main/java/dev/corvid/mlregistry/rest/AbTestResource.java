package dev.corvid.mlregistry.rest;

import dev.corvid.mlregistry.abtest.AbTest;
import dev.corvid.mlregistry.abtest.AbTestService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** A/B tests between two versions of a model. */
@Path("/api/v1/registry/ab-tests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mlregistry")
public class AbTestResource {

    private final AbTestService tests;

    AbTestResource(AbTestService tests) {
        this.tests = tests;
    }

    public record CreateAbTest(@NotBlank String name, @NotBlank String model, @NotNull @Positive Integer versionA,
            @NotNull @Positive Integer versionB,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double trafficToB) {
    }

    public record Stop(@Positive Integer winner) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Start an A/B test; trafficToB is the share of keys sent to version B")
    public Uni<RestResponse<AbTest>> create(@Valid @NotNull CreateAbTest body) {
        return tests.create(body.name(), body.model(), body.versionA(), body.versionB(), body.trafficToB())
                .map(test -> RestResponse.status(RestResponse.Status.CREATED, test));
    }

    @GET
    @Path("/{test}")
    @RolesAllowed("reader")
    @Operation(summary = "An A/B test")
    public Uni<AbTest> get(@PathParam("test") String name) {
        return tests.get(name);
    }

    @GET
    @Path("/{test}/assignment")
    @RolesAllowed("reader")
    @Operation(summary = "The arm and version for a key (user id, session …): the same key always gets the same arm")
    public Uni<AbTestService.Assignment> assign(@PathParam("test") String name, @QueryParam("key") String key) {
        return tests.assign(name, key);
    }

    @GET
    @Path("/{test}/results")
    @RolesAllowed("reader")
    @Operation(summary = "Per-arm accuracy and a two-proportion z-test of the difference")
    public Uni<AbTestService.Results> results(@PathParam("test") String name) {
        return tests.results(name);
    }

    @POST
    @Path("/{test}/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Stop the test: name the winner, or let a significant leader win")
    public Uni<AbTestService.Results> stop(@PathParam("test") String name, @Valid Stop body) {
        return tests.stop(name, body == null ? null : body.winner());
    }
}
