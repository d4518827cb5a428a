package dev.corvid.mlregistry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.performance.Accuracy;
import dev.corvid.mlregistry.performance.Drift;
import dev.corvid.mlregistry.performance.NewPrediction;
import dev.corvid.mlregistry.performance.PerformanceService;
import dev.corvid.mlregistry.performance.Prediction;
import dev.corvid.mlregistry.registry.RegistryService;
import dev.corvid.mlregistry.rest.RegistryViews.BaselineView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Prediction performance of one model version: predictions, accuracy, confidence baseline, drift. */
@Path("/api/v1/registry")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mlregistry")
public class PerformanceResource {

    private final PerformanceService performance;

    PerformanceResource(PerformanceService performance) {
        this.performance = performance;
    }

    /** A prediction as clients send it; {@code timestamp} defaults to now. */
    public record PredictionInput(Instant timestamp, String predicted, Double confidence, String actual,
            Boolean correct, Map<String, Object> features) {

        NewPrediction toNew() {
            return new NewPrediction(timestamp, predicted, confidence, actual, correct, features);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PredictionView(long id, Instant timestamp, String predicted, Double confidence, String actual,
            Boolean correct, Map<String, Object> features) {

        static PredictionView of(Prediction p) {
            return new PredictionView(p.id(), p.timestamp(), p.predicted(), p.confidence(), p.actual(), p.correct(),
                    p.features());
        }
    }

    public record Stored(long id) {
    }

    public record StoredBatch(int stored) {
    }

    public record BaselineInput(@NotNull Double mean, @NotNull Double stddev, @NotNull Long count) {
    }

    @POST
    @Path("/models/{name}/versions/{version}/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Store one prediction")
    public Uni<RestResponse<Stored>> record(@PathParam("name") String name, @PathParam("version") String version,
            @NotNull PredictionInput body) {
        return performance.record(name, RegistryService.parseVersion(version), body.toNew())
                .map(id -> RestResponse.status(RestResponse.Status.CREATED, new Stored(id)));
    }

    @POST
    @Path("/models/{name}/versions/{version}/predictions/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Store up to 10,000 predictions in one statement; one bad row rejects the batch, "
            + "naming its index (rowIndex)")
    public Uni<RestResponse<StoredBatch>> recordAll(@PathParam("name") String name,
            @PathParam("version") String version, @NotNull List<PredictionInput> body) {
        List<NewPrediction> rows = body.stream().map(p -> p == null ? null : p.toNew()).toList();
        return performance.recordAll(name, RegistryService.parseVersion(version), rows)
                .map(n -> RestResponse.status(RestResponse.Status.CREATED, new StoredBatch(n)));
    }

    @GET
    @Path("/models/{name}/versions/{version}/predictions")
    @RolesAllowed("reader")
    @Operation(summary = "The most recent predictions, newest first")
    public Uni<List<PredictionView>> recent(@PathParam("name") String name, @PathParam("version") String version,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return performance.recent(name, RegistryService.parseVersion(version), limit)
                .map(list -> list.stream().map(PredictionView::of).toList());
    }

    @GET
    @Path("/models/{name}/versions/{version}/accuracy")
    @RolesAllowed("reader")
    @Operation(summary = "Accuracy over the last N labelled predictions (?last=1000), or a window (?from=&to=)")
    public Uni<Accuracy> accuracy(@PathParam("name") String name, @PathParam("version") String version,
            @QueryParam("last") Integer last, @QueryParam("from") String from, @QueryParam("to") String to) {
        int v = RegistryService.parseVersion(version);
        if (from != null || to != null) {
            return performance.accuracyBetween(name, v, instant(from, "from"),
                    to == null ? Instant.now() : instant(to, "to"));
        }
        return performance.accuracyOfLast(name, v, last == null ? 1000 : last);
    }

    @GET
    @Path("/models/{name}/versions/{version}/baseline")
    @RolesAllowed("reader")
    @Operation(summary = "The version's confidence baseline")
    public Uni<BaselineView> baseline(@PathParam("name") String name, @PathParam("version") String version) {
        return performance.baseline(name, RegistryService.parseVersion(version))
                .map(b -> BaselineView.of(RegistryResource.found(b, "Baseline of " + name + "/" + version)));
    }

    @PUT
    @Path("/models/{name}/versions/{version}/baseline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Put a confidence baseline explicitly")
    public Uni<BaselineView> putBaseline(@PathParam("name") String name, @PathParam("version") String version,
            @Valid @NotNull BaselineInput body) {
        return performance.putBaseline(name, RegistryService.parseVersion(version), body.mean(), body.stddev(),
                body.count()).map(BaselineView::of);
    }

    @POST
    @Path("/models/{name}/versions/{version}/baseline/compute")
    @RolesAllowed("writer")
    @Operation(summary = "Compute the baseline from the last N stored confidences (?last=1000)")
    public Uni<BaselineView> computeBaseline(@PathParam("name") String name, @PathParam("version") String version,
            @QueryParam("last") @DefaultValue("1000") int last) {
        return performance.computeBaseline(name, RegistryService.parseVersion(version), last).map(BaselineView::of);
    }

    @GET
    @Path("/models/{name}/versions/{version}/drift")
    @RolesAllowed("reader")
    @Operation(summary = "Compare the last N confidences (?window=100) with the baseline")
    public Uni<Drift> drift(@PathParam("name") String name, @PathParam("version") String version,
            @QueryParam("window") @DefaultValue("100") int window) {
        return performance.drift(name, RegistryService.parseVersion(version), window);
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new MlRegistryException.InvalidParameter("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z, got '" + value + "'.");
        }
    }
}
