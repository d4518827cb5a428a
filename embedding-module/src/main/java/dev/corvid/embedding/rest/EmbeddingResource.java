package dev.corvid.embedding.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corvid.embedding.pool.InferencePool;
import dev.corvid.embedding.embed.EmbeddingService;
import dev.corvid.embedding.embed.Tokenized;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The embedding module's own API: tokenization and the pool's status. */
@Path("/api/v1/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "embedding")
public class EmbeddingResource {

    private final EmbeddingService embeddings;

    EmbeddingResource(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    public record TokenizedItem(int index, long[] ids, List<String> tokens, boolean truncated) {
    }

    public record TokenizeResponse(String model, List<TokenizedItem> data) {
    }

    public record Status(String model, String modelChoice, String provider, InferencePool.Status pool) {
    }

    @POST
    @Path("/tokenize")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("reader")
    @Blocking
    @Operation(summary = "The model's input ids and word pieces for each text ({input, truncate})")
    public TokenizeResponse tokenize(JsonNode body) {
        List<String> input = EmbeddingRequests.input(body);
        List<Tokenized> tokens = embeddings.tokenize(input, EmbeddingRequests.bool(body, "truncate", true));
        List<TokenizedItem> data = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Tokenized t = tokens.get(i);
            data.add(new TokenizedItem(i, t.ids(), t.tokens(), t.truncated()));
        }
        return new TokenizeResponse(embeddings.modelName(), data);
    }

    @GET
    @Path("/status")
    @RolesAllowed("reader")
    @Operation(summary = "The worker pool: state (normal, paused, emergency), workers, queue, CPU and memory readings")
    public Status status() {
        return new Status(embeddings.modelName(), embeddings.modelChoice(), embeddings.provider(), embeddings.status());
    }
}
