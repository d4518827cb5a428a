package dev.corvid.embedding.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.embedding.embed.EmbeddingJobs;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Bulk embedding jobs: start, follow (JSON or Server-Sent Events), download, cancel. */
@Path("/api/v1/embeddings")
@Tag(name = "embedding")
public class EmbeddingJobsResource {

    private final EmbeddingJobs jobs;
    private final ObjectMapper mapper;

    EmbeddingJobsResource(EmbeddingJobs jobs, ObjectMapper mapper) {
        this.jobs = jobs;
        this.mapper = mapper;
    }

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Start a bulk job ({input: [...], pooling, normalize, truncate, dimensions}); 202 with its id")
    public RestResponse<EmbeddingJobs.Progress> start(JsonNode body) {
        EmbeddingJobs.Progress job = jobs.start(EmbeddingRequests.input(body), EmbeddingRequests.options(body));
        return RestResponse.ResponseBuilder.<EmbeddingJobs.Progress>create(RestResponse.Status.ACCEPTED)
                .entity(job).location(java.net.URI.create("/api/v1/embeddings/jobs/" + job.id())).build();
    }

    @GET
    @Path("/jobs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("reader")
    @Operation(summary = "A job's progress: state, done of total, texts/s, ETA")
    public EmbeddingJobs.Progress progress(@PathParam("id") String id) {
        return jobs.progress(id);
    }

    @GET
    @Path("/jobs/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed("reader")
    @Operation(summary = "A job's progress as Server-Sent Events, one per chunk, until it ends")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        jobs.progress(id);
        return Multi.createFrom().emitter(emitter -> {
            Runnable stop = jobs.listen(id, progress -> emitter.emit(sse.newEventBuilder()
                    .name(progress.finishedState() ? "done" : "progress")
                    .data(json(progress)).build()), emitter::complete);
            emitter.onTermination(stop);
        });
    }

    @GET
    @Path("/jobs/{id}/result")
    @Produces("application/x-ndjson")
    @RolesAllowed("reader")
    @Operation(summary = "A finished job's vectors as JSON lines ({index, embedding}); 409 until it has succeeded")
    public java.nio.file.Path result(@PathParam("id") String id) {
        return jobs.result(id);
    }

    @DELETE
    @Path("/jobs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Cancel a job; it stops after the chunk it is on")
    public EmbeddingJobs.Progress cancel(@PathParam("id") String id) {
        return jobs.cancel(id);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
