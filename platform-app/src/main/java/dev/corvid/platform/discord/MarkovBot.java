package dev.corvid.platform.discord;

import dev.corvid.markov.MarkovException;
import dev.corvid.markov.MarkovModule;
import dev.corvid.markov.scope.Generation;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.MarkovStore;
import dev.corvid.markov.scope.NewMessage;
import dev.corvid.platform.api.error.ServiceUnavailableException;
import dev.corvid.platform.api.flags.FeatureFlags;
import dev.corvid.platform.discord.DiscordMeters.Trigger;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.Channel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageBulkDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.utils.FileUpload;
import org.jboss.logging.Logger;

/**
 * The Markov bot: what happens on each gateway event. Human messages in listened channels are learned (never a
 * bot's, a webhook's or a system message); edits and deletes forward to the module's exact forgetting; a mention,
 * an auto-respond channel, a random chance or the periodic post makes a reply ({@link ReplyPolicy}). Slash commands
 * are {@link BotCommands}'. Nothing here blocks the gateway thread: every module call is asynchronous.
 */
@ApplicationScoped
class MarkovBot extends ListenerAdapter {

    private static final Logger LOG = Logger.getLogger(MarkovBot.class);

    private final MarkovService markov;
    private final GuildDirectory guilds;
    private final ReplyWriter writer;
    private final BotCommands commands;
    private final Backfill backfill;
    private final Provider<FeatureFlags> flags;
    private final Clock clock;
    private final DiscordMeters meters;
    private final ReplyPolicy policy;
    private final ImageAttacher images;
    private final DiscordStore store;

    MarkovBot(MarkovService markov, GuildDirectory guilds, ReplyWriter writer, BotCommands commands,
            Backfill backfill, Provider<FeatureFlags> flags, Clock clock, DiscordMeters meters, DiscordConfig config,
            ImageAttacher images, DiscordStore store) {
        this.markov = markov;
        this.images = images;
        this.store = store;
        this.guilds = guilds;
        this.writer = writer;
        this.commands = commands;
        this.backfill = backfill;
        this.flags = flags;
        this.clock = clock;
        this.meters = meters;
        RandomGenerator random = config.randomSeed().<RandomGenerator>map(SplittableRandom::new)
                .orElseGet(ThreadLocalRandom::current);
        this.policy = new ReplyPolicy(random);
    }

    DiscordMeters meters() {
        return meters;
    }

    // ---- guilds and sessions --------------------------------------------------------------------------------

    @Override
    public void onReady(ReadyEvent event) {
        commands.register(event.getJDA());
    }

    @Override
    public void onGuildReady(GuildReadyEvent event) {
        joined(event.getGuild().getId());
        backfill.resumeIfUnfinished(event.getGuild());
    }

    @Override
    public void onGuildJoin(GuildJoinEvent event) {
        joined(event.getGuild().getId());
    }

    @Override
    public void onGuildLeave(GuildLeaveEvent event) {
        String guildId = event.getGuild().getId();
        guilds.left(guildId).subscribe().with(v -> LOG.infof("Discord: left guild %s; its chain is kept for the"
                + " grace period", guildId), failure -> LOG.warnf("Discord: recording the leave of guild %s failed:"
                        + " %s", guildId, failure.getMessage()));
    }

    private void joined(String guildId) {
        // On READY every guild of the shard arrives at once (2,000 in the memory benchmark) and a full training queue
        // answers Busy: wait for room, up to about two minutes, rather than leave a guild without its join record.
        whenFree(guilds.joined(guildId, markov.scopeOf(guildId, guildId)), 120)
                .subscribe().with(s -> { },
                        failure -> LOG.warnf("Discord: setting up guild %s failed: %s", guildId, failure.getMessage()));
    }

    // ---- messages -------------------------------------------------------------------------------------------

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        long received = System.nanoTime();
        if (!event.isFromGuild() || !human(event.getMessage(), event.isWebhookMessage())) {
            return;
        }
        String guildId = event.getGuild().getId();
        GuildSettings cached = guilds.cached(guildId);
        if (cached != null) {
            handle(event, cached, received);
        } else {
            guilds.settings(guildId).subscribe().with(s -> handle(event, s, received),
                    failure -> LOG.warnf("Discord: no settings for guild %s (%s); message %s ignored", guildId,
                            failure.getMessage(), event.getMessageId()));
        }
    }

    private void handle(MessageReceivedEvent event, GuildSettings settings, long received) {
        Message message = event.getMessage();
        String guildId = event.getGuild().getId();
        String channelId = event.getChannel().getId();
        String listenKey = listenKey(event.getChannel());
        String scope = markov.scopeOf(guildId, listenKey);
        String content = message.getContentRaw();
        if (settings.listenChannels().contains(listenKey) && !content.isBlank()) {
            learn(scope, new NewMessage(message.getId(), listenKey, event.getAuthor().getId(), content,
                    message.getTimeCreated().toInstant()));
            images.learned(guildId, message).subscribe().with(v -> { }, failure -> LOG.warnf(
                    "Discord: the image of message %s was not recorded: %s", message.getId(), failure.getMessage()));
        }
        if (!flags.get().isEnabled(MarkovModule.REPLIES.name(), guildId)) {
            return;
        }
        boolean mentioned = message.getMentions().isMentioned(event.getJDA().getSelfUser(),
                Message.MentionType.USER);
        boolean image = message.getAttachments().stream().anyMatch(Message.Attachment::isImage);
        Trigger trigger = policy.decide(settings, channelId, listenKey, mentioned, image,
                flags.get().isEnabled(DiscordModule.UNPROMPTED.name(), guildId), clock.instant());
        if (trigger == null || (trigger == Trigger.MENTION && !BotCommands.mayGenerate(event.getMember(), settings))) {
            return;
        }
        String seed = switch (trigger) {
            case MENTION -> ReplyWriter.withoutMentions(content);
            case AUTO -> content;
            default -> null;
        };
        boolean withImage = settings.attachImages();
        writer.write(guildId, scope, seed, content, withImage)
                .chain(generation -> generation == null || generation.text() == null || !withImage
                        ? Uni.createFrom().item(new Reply(generation, null))
                        : images.imageFor(event.getGuild(), generation).map(file -> new Reply(generation, file)))
                .subscribe().with(reply -> {
                    if (reply.generation() == null || reply.generation().text() == null) {
                        return;
                    }
                    String text = reply.generation().text();
                    var send = trigger == Trigger.PERIODIC ? event.getChannel().sendMessage(text)
                            : message.reply(text).mentionRepliedUser(false);
                    if (reply.image() != null) {
                        send = send.addFiles(reply.image());
                    }
                    send.setAllowedMentions(List.of()).queue(sent -> meters.replied(trigger, received),
                            failure -> LOG.debugf("Discord: reply in channel %s failed: %s", channelId,
                                    failure.getMessage()));
                }, failure -> LOG.debugf("Discord: no reply in scope %s: %s", scope, failure.getMessage()));
    }

    /** A reply's text and the image it carries (null: none). */
    record Reply(Generation generation, FileUpload image) {
    }

    /**
     * {@code work}, tried again up to {@code attempts} times (backing off 50 ms to 1 s) while the Markov module is
     * busy: Busy, the lane's queue is full; ServiceUnavailable, the chain is still loading (cold, large). Both pass.
     */
    private static <T> Uni<T> whenFree(Uni<T> work, int attempts) {
        return work.onFailure(failure -> failure instanceof MarkovException.Busy
                || failure instanceof ServiceUnavailableException).retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).atMost(attempts);
    }

    private void learn(String scope, NewMessage message) {
        whenFree(markov.train(scope, List.of(message)), 30)
                .subscribe().with(trained -> meters.learned.increment(trained.accepted()),
                        failure -> LOG.warnf("Discord: message %s was not learned: %s", message.id(),
                                failure.getMessage()));
    }

    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        if (!event.isFromGuild() || !human(event.getMessage(), false)) {
            return;
        }
        String guildId = event.getGuild().getId();
        String listenKey = listenKey(event.getChannel());
        String content = event.getMessage().getContentRaw();
        guilds.settings(guildId).chain(settings -> {
            if (!settings.listenChannels().contains(listenKey) || content.isBlank()) {
                return Uni.createFrom().nullItem();
            }
            return markov.edit(markov.scopeOf(guildId, listenKey), event.getMessageId(), content);
        }).subscribe().with(edited -> { }, failure -> LOG.debugf("Discord: edit of %s not applied: %s",
                event.getMessageId(), failure.getMessage()));
    }

    @Override
    public void onMessageDelete(MessageDeleteEvent event) {
        if (event.isFromGuild()) {
            forget(event.getGuild().getId(), markov.scopeOf(event.getGuild().getId(), listenKey(event.getChannel())),
                    List.of(event.getMessageId()));
        }
    }

    @Override
    public void onMessageBulkDelete(MessageBulkDeleteEvent event) {
        forget(event.getGuild().getId(), markov.scopeOf(event.getGuild().getId(), listenKey(event.getChannel())),
                event.getMessageIds());
    }

    private void forget(String guildId, String scope, List<String> ids) {
        store.forgetImages(guildId, ids).subscribe().with(v -> { }, failure -> LOG.warnf(
                "Discord: images of deleted messages were not forgotten: %s", failure.getMessage()));
        for (String id : ids) {
            whenFree(markov.forget(scope, MarkovStore.Selector.MESSAGE, id), 30)
                    .subscribe().with(n -> { }, failure -> LOG.warnf("Discord: deleted message %s was not forgotten:"
                            + " %s", id, failure.getMessage()));
        }
    }

    // ---- interactions ---------------------------------------------------------------------------------------

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        commands.slash(event);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        commands.button(event);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** A member's own message: not a bot's, a webhook's or a system message. */
    static boolean human(Message message, boolean webhook) {
        return !webhook && !message.getAuthor().isBot() && !message.getAuthor().isSystem()
                && !message.getType().isSystem() && !message.isWebhookMessage();
    }

    /** The channel whose listen setting applies: a thread follows its parent. */
    static String listenKey(Channel channel) {
        return channel instanceof ThreadChannel thread ? thread.getParentChannel().getId() : channel.getId();
    }
}
