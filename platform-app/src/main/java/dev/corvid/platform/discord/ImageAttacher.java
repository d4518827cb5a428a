package dev.corvid.platform.discord;

import dev.corvid.markov.scope.Generation;
import dev.corvid.platform.discord.DiscordStore.Image;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.utils.FileUpload;
import org.jboss.logging.Logger;

/**
 * The image a reply carries when its guild asks for it ({@code attachImages}): the first image of the reply's source
 * messages (the Markov module's provenance), downloaded and uploaded with the reply, so it stays visible after
 * Discord's CDN link expires. Stored links expire (Discord signs them for about a day): a link that answers 403, 404
 * or 410 is renewed by reading the source message again, and the new link is stored. A reply goes without an image
 * when the message is gone, the download fails or the file is larger than the guild allows.
 */
@ApplicationScoped
class ImageAttacher {

    private static final Logger LOG = Logger.getLogger(ImageAttacher.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final DiscordStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    ImageAttacher(DiscordStore store) {
        this.store = store;
    }

    /** The first image attachment of a message, as stored; null when it has none. */
    static Image imageOf(String guildId, Message message) {
        return message.getAttachments().stream().filter(Message.Attachment::isImage).findFirst()
                .map(a -> new Image(guildId, message.getId(), message.getChannel().getId(),
                        message.getAuthor().getId(), a.getUrl(), a.getFileName()))
                .orElse(null);
    }

    /** Remembers the message's image, if it has one. */
    Uni<Void> learned(String guildId, Message message) {
        Image image = imageOf(guildId, message);
        return image == null ? Uni.createFrom().voidItem() : store.saveImages(List.of(image));
    }

    /** The upload for the reply, or null: no source had an image, or it could not be fetched. */
    Uni<FileUpload> imageFor(Guild guild, Generation generation) {
        if (generation == null || generation.parts() == null) {
            return Uni.createFrom().nullItem();
        }
        Set<String> sources = new LinkedHashSet<>();
        generation.parts().stream().map(Generation.Part::sourceMessageId).filter(Objects::nonNull)
                .forEach(sources::add);
        return store.image(guild.getId(), List.copyOf(sources)).chain(image -> {
            if (image == null) {
                return Uni.createFrom().<FileUpload>nullItem();
            }
            long limit = guild.getMaxFileSize();
            return download(image.url(), limit).chain(bytes -> bytes != null ? Uni.createFrom().item(bytes)
                    : renewed(guild, image).chain(fresh -> fresh == null ? Uni.createFrom().<byte[]>nullItem()
                            : download(fresh.url(), limit)))
                    .map(bytes -> bytes == null ? null : FileUpload.fromData(bytes, image.filename()));
        }).onFailure().recoverWithItem(failure -> {
            LOG.debugf("Discord: no image for the reply: %s", failure.getMessage());
            return null;
        });
    }

    /** The file's bytes; null when the link answers anything but 200 (an expired link answers 403/404/410). */
    private Uni<byte[]> download(String url, long limit) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(response -> response.statusCode() == 200 && response.body().length <= limit ? response.body()
                        : null);
    }

    /** Reads the source message again for a fresh link, and stores it; null when the message or image is gone. */
    private Uni<Image> renewed(Guild guild, Image stale) {
        GuildMessageChannel channel = guild.getChannelById(GuildMessageChannel.class, stale.channelId());
        if (channel == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(() -> channel.retrieveMessageById(stale.messageId()).submit())
                .onFailure().recoverWithNull()
                .chain(message -> {
                    Image fresh = message == null ? null : imageOf(guild.getId(), message);
                    if (fresh == null) {
                        return store.forgetImages(guild.getId(), List.of(stale.messageId())).replaceWith(
                                (Image) null);
                    }
                    return store.saveImages(List.of(fresh)).replaceWith(fresh);
                });
    }
}
