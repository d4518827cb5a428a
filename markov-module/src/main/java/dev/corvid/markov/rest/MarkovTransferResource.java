package dev.corvid.markov.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.markov.MarkovException;
import dev.corvid.markov.transfer.ImportProgress;
import dev.corvid.platform.api.error.FailureClassifier;
import dev.corvid.markov.transfer.MarkovImporter;
import dev.corvid.markov.transfer.Upload;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.NewMessage;
import dev.corvid.markov.scope.StoredMessage;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Streamed import of training files and export of a scope's messages. */
@Path("/api/v1/markov")
@Tag(name = "markov")
public class MarkovTransferResource {

    private static final String NDJSON = "application/x-ndjson";
    private static final int EXPORT_PAGE = 1000;

    private final MarkovService markov;
    private final MarkovImporter importer;
    private final ObjectMapper mapper;
    private final FailureClassifier classifier;

    MarkovTransferResource(MarkovService markov, MarkovImporter importer, ObjectMapper mapper,
            FailureClassifier classifier) {
        this.markov = markov;
        this.importer = importer;
        this.mapper = mapper;
        this.classifier = classifier;
    }

    @POST
    @Path("/scopes/{scope}/import")
    @Consumes({MediaType.APPLICATION_JSON, NDJSON, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed("writer")
    @Blocking
    @Operation(summary = "Import a training file with progress as Server-Sent Events (progress, done, error)")
    public Multi<OutboundSseEvent> importWithProgress(@PathParam("scope") String scope,
            @QueryParam("format") String format, @QueryParam("resumeAfter") String resumeAfter,
            @HeaderParam("Content-Length") Long length, InputStream body, @Context Sse sse) {
        // Format problems are a plain 400 before any event; after the first event, failures are "error" events.
        Upload upload = importer.open(scope, body, length, format, resumeAfter);
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            AtomicBoolean gone = new AtomicBoolean();
            emitter.onTermination(() -> gone.set(true));
            try {
                upload.run(progress -> {
                    if (gone.get()) {
                        throw new CancellationException("the client went away");
                    }
                    emitter.emit(event(sse, progress.done() ? "done" : "progress", progress));
                });
            } catch (CancellationException cancelled) {
                return;
            } catch (RuntimeException failure) {
                // The problem body the platform's mappers would write (a 5xx logged once, by the platform).
                String path = "/api/v1/markov/scopes/" + scope + "/import";
                emitter.emit(event(sse, "error", classifier.classify(failure, path).asProblem(path)));
            }
            emitter.complete();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @POST
    @Path("/scopes/{scope}/import")
    @Consumes({MediaType.APPLICATION_JSON, NDJSON, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Blocking
    @Operation(summary = "Import a training file (markov-discord, DiscordChatExporter JSON or corvid JSON lines);"
            + " streamed, resumable with resumeAfter")
    public ImportProgress importFile(@PathParam("scope") String scope, @QueryParam("format") String format,
            @QueryParam("resumeAfter") String resumeAfter, @HeaderParam("Content-Length") Long length,
            InputStream body) {
        return importer.open(scope, body, length, format, resumeAfter).run(progress -> {
        });
    }

    @GET
    @Path("/scopes/{scope}/export")
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed("reader")
    @Operation(summary = "Every stored message of a scope as JSON lines, importable with format=corvid")
    public Multi<NewMessage> export(@PathParam("scope") String scope) {
        AtomicLong after = new AtomicLong();
        return Multi.createBy().repeating().uni(() -> after, position -> page(scope, position))
                .until(List::isEmpty)
                .onItem().<StoredMessage>disjoint()
                .map(m -> new NewMessage(m.id(), m.channel(), m.author(), m.content(), m.createdAt()));
    }

    private Uni<List<StoredMessage>> page(String scope, AtomicLong after) {
        return markov.page(scope, after.get(), EXPORT_PAGE).onItem().ifNull()
                .failWith(() -> after.get() == 0 ? MarkovResource.unknown(scope)
                        : new MarkovException.NotFound("Scope '" + scope + "' was deleted during the export."))
                .invoke(page -> {
                    if (!page.isEmpty()) {
                        after.set(page.get(page.size() - 1).seq());
                    }
                });
    }

    private OutboundSseEvent event(Sse sse, String name, Object data) {
        try {
            return sse.newEventBuilder().name(name)
                    .data(mapper.writeValueAsString(data)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
