package dev.corvid.markov.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.chain.GenerateOptions;
import dev.corvid.markov.scope.Generation;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.ScopeStats;
import dev.corvid.markov.scope.MarkovStore;
import dev.corvid.markov.scope.NewMessage;
import dev.corvid.markov.scope.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Markov chains per scope: train, forget, generate, inspect. */
@Path("/api/v1/markov")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "markov")
public class MarkovResource {

    private final MarkovService markov;

    MarkovResource(MarkovService markov) {
        this.markov = markov;
    }

    public record ScopeInput(@NotNull Integer stateSize) {
    }

    public record EditInput(@NotNull String content) {
    }

    public record Forgotten(int forgotten) {
    }

    /**
     * Generation options; every field is optional. {@code seedMode} is {@code start} (the output begins with the
     * seed) or {@code contain} (it contains one of the seed's words).
     */
    public record GenerateInput(String seed, String seedMode, Integer minWords, Integer maxWords, Integer maxChars,
            Integer maxTries, Double maxOverlapRatio, Integer maxOverlapTotal, Boolean testOutput, Long randomSeed,
            Boolean debug) {

        GenerateOptions toOptions() {
            GenerateOptions d = GenerateOptions.defaults();
            GenerateOptions.SeedMode mode = GenerateOptions.SeedMode.START;
            if (seedMode != null) {
                try {
                    mode = GenerateOptions.SeedMode.valueOf(seedMode.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new MarkovException.InvalidInput("seedMode must be 'start' or 'contain', was '" + seedMode
                            + "'.");
                }
            }
            return new GenerateOptions(seed, mode, or(minWords, d.minWords()), or(maxWords, d.maxWords()),
                    or(maxChars, d.maxChars()), or(maxTries, d.maxTries()),
                    maxOverlapRatio == null ? d.maxOverlapRatio() : maxOverlapRatio,
                    or(maxOverlapTotal, d.maxOverlapTotal()), testOutput == null || testOutput, randomSeed,
                    debug != null && debug);
        }

        private static int or(Integer value, int fallback) {
            return value == null ? fallback : value;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GenerationView(String text, int words, int tries, double score, String failure,
            boolean mentionSafe, AllowedMentions allowedMentions, List<Generation.Part> parts) {

        static GenerationView of(Generation g) {
            return new GenerationView(g.text(), g.words(), g.tries(), g.score(), g.failure(), g.mentionSafe(),
                    AllowedMentions.NONE, g.parts());
        }
    }

    /** What to send as Discord's {@code allowed_mentions} when posting the text: nothing pings. */
    public record AllowedMentions(List<String> parse, boolean repliedUser) {
        static final AllowedMentions NONE = new AllowedMentions(List.of(), false);
    }

    @GET
    @Path("/scopes/{scope}")
    @RolesAllowed("reader")
    @Operation(summary = "A scope's settings and chain size (messages, states, transitions, memory)")
    public Uni<ScopeStats> scope(@PathParam("scope") String scope,
            @QueryParam("digest") @DefaultValue("false") boolean digest) {
        return markov.stats(scope, digest).onItem().ifNull().failWith(() -> unknown(scope));
    }

    @PUT
    @Path("/scopes/{scope}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Create a scope or change its state size (its chain is rebuilt from its messages)")
    public Uni<Scope> putScope(@PathParam("scope") String scope, @Valid @NotNull ScopeInput body) {
        return markov.putScope(scope, body.stateSize());
    }

    @DELETE
    @Path("/scopes/{scope}")
    @RolesAllowed("writer")
    @Operation(summary = "Delete a scope and everything learned in it")
    public Uni<RestResponse<Void>> deleteScope(@PathParam("scope") String scope) {
        return markov.deleteScope(scope).map(deleted -> {
            if (!deleted) {
                throw unknown(scope);
            }
            return RestResponse.noContent();
        });
    }

    @POST
    @Path("/scopes/{scope}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Learn one message (stored durably before the answer); a known id is left unchanged")
    public Uni<MarkovService.Trained> train(@PathParam("scope") String scope, @NotNull NewMessage body) {
        return markov.train(scope, List.of(body));
    }

    @POST
    @Path("/scopes/{scope}/messages/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Learn a batch of messages; all are checked before any is stored")
    public Uni<MarkovService.Trained> trainBatch(@PathParam("scope") String scope, @NotNull List<NewMessage> body) {
        return markov.train(scope, body);
    }

    @PUT
    @Path("/scopes/{scope}/messages/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Replace a message's text (an edit): its old contribution is forgotten, the new one learned")
    public Uni<RestResponse<Void>> edit(@PathParam("scope") String scope, @PathParam("id") String id,
            @Valid @NotNull EditInput body) {
        return markov.edit(scope, id, body.content()).map(done -> {
            if (done == null) {
                throw new MarkovException.NotFound("Scope '" + scope + "' has no message '" + id + "'.");
            }
            return RestResponse.noContent();
        });
    }

    @DELETE
    @Path("/scopes/{scope}/messages/{id}")
    @RolesAllowed("writer")
    @Operation(summary = "Forget one message exactly")
    public Uni<Forgotten> forgetMessage(@PathParam("scope") String scope, @PathParam("id") String id) {
        return markov.forget(scope, MarkovStore.Selector.MESSAGE, id).map(n -> {
            if (n == null) {
                throw unknown(scope);
            }
            if (n == 0) {
                throw new MarkovException.NotFound("Scope '" + scope + "' has no message '" + id + "'.");
            }
            return new Forgotten(n);
        });
    }

    @DELETE
    @Path("/scopes/{scope}/authors/{author}")
    @RolesAllowed("writer")
    @Operation(summary = "Forget every message of an author")
    public Uni<Forgotten> forgetAuthor(@PathParam("scope") String scope, @PathParam("author") String author) {
        return forgetAll(scope, MarkovStore.Selector.AUTHOR, author);
    }

    @DELETE
    @Path("/scopes/{scope}/channels/{channel}")
    @RolesAllowed("writer")
    @Operation(summary = "Forget every message of a channel")
    public Uni<Forgotten> forgetChannel(@PathParam("scope") String scope, @PathParam("channel") String channel) {
        return forgetAll(scope, MarkovStore.Selector.CHANNEL, channel);
    }

    private Uni<Forgotten> forgetAll(String scope, MarkovStore.Selector selector, String value) {
        return markov.forget(scope, selector, value).map(n -> {
            if (n == null) {
                throw unknown(scope);
            }
            return new Forgotten(n);
        });
    }

    @POST
    @Path("/scopes/{scope}/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("reader")
    @Operation(summary = "Generate a message in the scope's voice; text is null when no try passed the filters")
    public Uni<GenerationView> generate(@PathParam("scope") String scope, GenerateInput body) {
        GenerateOptions options = (body == null ? new GenerateInput(null, null, null, null, null, null, null, null,
                null, null, null) : body).toOptions();
        return markov.generate(scope, options).onItem().ifNull().failWith(() -> unknown(scope))
                .map(GenerationView::of);
    }

    static MarkovException.NotFound unknown(String scope) {
        return new MarkovException.NotFound("There is no markov scope '" + scope + "'.");
    }
}
