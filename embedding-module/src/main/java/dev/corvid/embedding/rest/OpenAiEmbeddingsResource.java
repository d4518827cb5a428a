package dev.corvid.embedding.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corvid.embedding.EmbeddingException;
import dev.corvid.embedding.embed.EmbeddingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenAI's embeddings API ({@code POST /v1/embeddings}), so OpenAI clients and SDKs work unchanged against BGE-small.
 * Beyond OpenAI's fields: {@code pooling} ({@code cls}|{@code mean}), {@code normalize} and {@code truncate}, as in
 * Hugging Face's text-embeddings-inference.
 */
@Path("/v1")
@Tag(name = "embedding")
public class OpenAiEmbeddingsResource {

    private final EmbeddingService embeddings;

    OpenAiEmbeddingsResource(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    public record Item(String object, int index, Object embedding) {
    }

    public record Usage(int prompt_tokens, int total_tokens) {
    }

    public record Response(String object, List<Item> data, String model, Usage usage) {
    }

    @POST
    @Path("/embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("reader")
    @Operation(summary = "Embed a string or an array of strings (OpenAI-compatible)")
    public Uni<Response> embed(JsonNode body) {
        List<String> input = EmbeddingRequests.input(body);
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && (!model.isTextual() || !embeddings.servesModel(model.asText()))) {
            throw new EmbeddingException.InvalidInput("Model " + model + " is not served here; this server runs "
                    + embeddings.modelName() + ".");
        }
        JsonNode format = body.get("encoding_format");
        boolean base64 = false;
        if (format != null && !format.isNull()) {
            if (!format.isTextual() || !(format.asText().equals("float") || format.asText().equals("base64"))) {
                throw new EmbeddingException.InvalidInput("\"encoding_format\" must be \"float\" or \"base64\", not "
                        + format + ".");
            }
            base64 = format.asText().equals("base64");
        }
        boolean asBase64 = base64;
        return embeddings.embed(input, EmbeddingRequests.options(body)).map(result -> {
            List<Item> data = new ArrayList<>(result.vectors().size());
            for (int i = 0; i < result.vectors().size(); i++) {
                float[] v = result.vectors().get(i);
                data.add(new Item("embedding", i, asBase64 ? base64(v) : v));
            }
            return new Response("list", data, result.model(), new Usage(result.promptTokens(), result.promptTokens()));
        });
    }

    /** OpenAI's base64 encoding: the float32 values, little-endian. */
    static String base64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
