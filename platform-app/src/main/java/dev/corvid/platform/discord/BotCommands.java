package dev.corvid.platform.discord;

import dev.corvid.markov.MarkovException;
import dev.corvid.markov.scope.Generation;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.MarkovStore;
import dev.corvid.platform.discord.DiscordMeters.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.jboss.logging.Logger;

/**
 * The slash commands: {@code /mark}, {@code /listen}, {@code /train}, {@code /forget}, {@code /settings}. Moderator
 * commands check the member (Administrator, Manage Channels, a configured owner id or a moderator role of the guild's
 * settings) and answer a refusal ephemerally. Every answer is sent with allowed mentions empty.
 */
@ApplicationScoped
class BotCommands {

    private static final Logger LOG = Logger.getLogger(BotCommands.class);
    static final String FORGET_ME = "forget-me:";
    static final String FORGET_ALL = "forget-all:";
    /** Command names, also the bounded values of the commands meter's tag. */
    static final Set<String> NAMES = Set.of("mark", "listen", "train", "forget", "settings");

    private final MarkovService markov;
    private final GuildDirectory guilds;
    private final ReplyWriter writer;
    private final Backfill backfill;
    private final DiscordMeters meters;
    private final DiscordConfig config;
    private final DiscordStore store;
    private final ImageAttacher images;
    private final SettingsCommand settingsCommand;

    BotCommands(MarkovService markov, GuildDirectory guilds, ReplyWriter writer, Backfill backfill,
            DiscordMeters meters, DiscordConfig config, DiscordStore store, ImageAttacher images) {
        this.store = store;
        this.images = images;
        this.settingsCommand = new SettingsCommand(guilds, meters, (event, failure) -> failed(event, "settings",
                failure));
        this.markov = markov;
        this.guilds = guilds;
        this.writer = writer;
        this.backfill = backfill;
        this.meters = meters;
        this.config = config;
    }

    /** The command set, registered globally by the session of shard 0. */
    static List<SlashCommandData> definitions() {
        OptionData channel = new OptionData(OptionType.CHANNEL, "channel", "A text channel (default: this one)")
                .setChannelTypes(ChannelType.TEXT, ChannelType.NEWS, ChannelType.FORUM);
        return List.of(
                Commands.slash("mark", "Write a message from what this server said")
                        .addOption(OptionType.STRING, "seed", "Words the message should contain")
                        .addOption(OptionType.BOOLEAN, "debug", "Also show (only to you) the messages it came from"),
                Commands.slash("listen", "Choose the channels the bot learns from")
                        .addSubcommands(new SubcommandData("add", "Learn from a channel").addOptions(channel),
                                new SubcommandData("remove", "Stop learning from a channel").addOptions(channel),
                                new SubcommandData("list", "The channels the bot learns from")),
                Commands.slash("train", "Learn the history of every listened channel (resumes where it stopped)")
                        .addOption(OptionType.BOOLEAN, "clean", "Forget everything first and start over")
                        .addOption(OptionType.ATTACHMENT, "file",
                                "Import a markov-discord JSON or DiscordChatExporter file instead"),
                Commands.slash("forget", "Forget messages")
                        .addSubcommands(new SubcommandData("me", "Forget every message of yours"),
                                new SubcommandData("all", "Forget everything this server taught (moderators)")),
                Commands.slash("settings", "When the bot replies (moderators)")
                        .addSubcommands(new SubcommandData("view", "Show the settings"),
                                new SubcommandData("set", "Change reply chances, cooldown, periodic posts")
                                        .addOption(OptionType.NUMBER, "reply-chance", "0 to 1, per message")
                                        .addOption(OptionType.NUMBER, "image-chance", "0 to 1, messages with images")
                                        .addOption(OptionType.INTEGER, "cooldown", "Seconds between unprompted replies")
                                        .addOption(OptionType.INTEGER, "post-every", "Post after N messages; 0: never")
                                        .addOption(OptionType.INTEGER, "post-every-minutes",
                                                "Post on the next message after N minutes; 0: never")
                                        .addOption(OptionType.BOOLEAN, "attach-images",
                                                "Replies carry an image from a source message that had one"),
                                new SubcommandData("auto", "Reply to every message in a channel")
                                        .addOption(OptionType.BOOLEAN, "enabled", "On or off", true)
                                        .addOptions(channel),
                                new SubcommandData("role", "Roles that may generate or moderate")
                                        .addOption(OptionType.ROLE, "role", "The role", true)
                                        .addOptions(new OptionData(OptionType.STRING, "kind", "What the role may do",
                                                true).addChoice("generate", "generate")
                                                .addChoice("moderate", "moderate"))
                                        .addOption(OptionType.BOOLEAN, "enabled", "Add or remove", true)))
                .stream().map(c -> c.setContexts(InteractionContextType.GUILD)).toList();
    }

    /** Registers the commands once per application: by the session that holds shard 0. */
    void register(JDA jda) {
        if (jda.getShardInfo().getShardId() != 0) {
            return;
        }
        jda.updateCommands().addCommands(definitions()).queue(
                done -> LOG.infof("Discord: %d slash commands registered", done.size()),
                failure -> LOG.warnf("Discord: registering slash commands failed: %s", failure.getMessage()));
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    void slash(SlashCommandInteractionEvent event) {
        String name = event.getName();
        if (!NAMES.contains(name) || event.getGuild() == null) {
            event.reply("Unknown command.").setEphemeral(true).queue();
            return;
        }
        String guildId = event.getGuild().getId();
        guilds.settings(guildId).subscribe().with(settings -> {
            try {
                switch (name) {
                    case "mark" -> mark(event, settings);
                    case "listen" -> listen(event, settings);
                    case "train" -> train(event, settings);
                    case "forget" -> forget(event, settings);
                    default -> {
                        if (!refuse(event, settings)) {
                            settingsCommand.run(event, settings);
                        }
                    }
                }
            } catch (RuntimeException e) {
                failed(event, name, e);
            }
        }, failure -> failed(event, name, failure));
    }

    void failed(SlashCommandInteractionEvent event, String name, Throwable failure) {
        LOG.warnf("Discord: /%s failed: %s", name, failure.getMessage());
        meters.command(name, Outcome.FAILED);
        String text = failure instanceof MarkovException.Busy ? "I'm busy learning; try again in a moment."
                : "That did not work: " + failure.getMessage();
        if (event.isAcknowledged()) {
            event.getHook().editOriginal(text).setAllowedMentions(List.of()).queue();
        } else {
            event.reply(text).setEphemeral(true).queue();
        }
    }

    private boolean refuse(SlashCommandInteractionEvent event, GuildSettings settings) {
        if (isModerator(event.getMember(), settings)) {
            return false;
        }
        meters.command(event.getName(), Outcome.REFUSED);
        event.reply("Only moderators can do that (Administrator or Manage Channels, or a moderator role).")
                .setEphemeral(true).queue();
        return true;
    }

    // ---- /mark ----------------------------------------------------------------------------------------------

    private void mark(SlashCommandInteractionEvent event, GuildSettings settings) {
        if (!mayGenerate(event.getMember(), settings)) {
            meters.command("mark", Outcome.REFUSED);
            event.reply("Your roles may not use /mark here.").setEphemeral(true).queue();
            return;
        }
        long received = System.nanoTime();
        String seed = option(event, "seed", OptionMapping::getAsString, null);
        boolean debug = option(event, "debug", OptionMapping::getAsBoolean, false);
        String guildId = event.getGuild().getId();
        String scope = markov.scopeOf(guildId, MarkovBot.listenKey(event.getChannel()));
        event.deferReply().queue();
        boolean withImage = settings.attachImages();
        writer.write(guildId, scope, seed, seed, debug || withImage).chain(generation -> withImage
                ? images.imageFor(event.getGuild(), generation).map(file -> new MarkovBot.Reply(generation, file))
                : Uni.createFrom().item(new MarkovBot.Reply(generation, null))).subscribe().with(reply -> {
            Generation generation = reply.generation();
            String text = generation == null || generation.text() == null
                    ? "I don't know enough yet: add a channel with /listen add and run /train." : generation.text();
            var edit = event.getHook().editOriginal(text).setAllowedMentions(List.of());
            if (reply.image() != null) {
                edit = edit.setFiles(reply.image());
            }
            edit.queue(ok -> meters.replied(DiscordMeters.Trigger.COMMAND, received));
            if (debug && generation != null && generation.parts() != null) {
                event.getHook().sendMessage(sources(generation)).setEphemeral(true).setAllowedMentions(List.of())
                        .queue();
            }
            meters.command("mark", Outcome.OK);
        }, failure -> failed(event, "mark", failure));
    }

    private static String sources(Generation generation) {
        StringBuilder out = new StringBuilder("Where each run came from:\n");
        for (Generation.Part part : generation.parts()) {
            String line = "- \"" + part.text() + "\" ← message " + (part.sourceMessageId() == null ? "(unknown)"
                    : part.sourceMessageId()) + "\n";
            if (out.length() + line.length() > 1900) {
                out.append("…");
                break;
            }
            out.append(line);
        }
        return out.toString();
    }

    // ---- /listen --------------------------------------------------------------------------------------------

    private void listen(SlashCommandInteractionEvent event, GuildSettings settings) {
        String sub = event.getSubcommandName();
        String guildId = event.getGuild().getId();
        if ("list".equals(sub)) {
            meters.command("listen", Outcome.OK);
            event.reply(settings.listenChannels().isEmpty() ? "I am not learning from any channel; use /listen add."
                    : "Learning from " + channels(settings.listenChannels()) + ".").setEphemeral(true).queue();
            return;
        }
        if (refuse(event, settings)) {
            return;
        }
        String channelId = option(event, "channel", o -> o.getAsChannel().getId(), event.getChannel().getId());
        boolean add = "add".equals(sub);
        guilds.listen(guildId, channelId, add).subscribe().with(after -> {
            meters.command("listen", Outcome.OK);
            event.reply((add ? "Learning from <#" : "No longer learning from <#") + channelId + ">."
                    + (add ? " Run /train to learn its history." : "")).queue();
        }, failure -> failed(event, "listen", failure));
    }

    // ---- /train ---------------------------------------------------------------------------------------------

    private void train(SlashCommandInteractionEvent event, GuildSettings settings) {
        if (refuse(event, settings)) {
            return;
        }
        var file = event.getOption("file");
        boolean clean = option(event, "clean", OptionMapping::getAsBoolean, false);
        var report = event.getChannel();
        if (file != null) {
            event.reply("Importing " + file.getAsAttachment().getFileName() + "; progress below.").queue();
            backfill.importFile(event.getGuild(), report, file.getAsAttachment());
            meters.command("train", Outcome.OK);
            return;
        }
        if (settings.listenChannels().isEmpty()) {
            meters.command("train", Outcome.INVALID);
            event.reply("No channel is listened to: use /listen add first.").setEphemeral(true).queue();
            return;
        }
        if (!backfill.start(event.getGuild(), report.getId(), clean)) {
            meters.command("train", Outcome.INVALID);
            event.reply("Training is already running here.").setEphemeral(true).queue();
            return;
        }
        meters.command("train", Outcome.OK);
        event.reply("Training from " + channels(settings.listenChannels()) + (clean ? " from scratch" : "")
                + "; progress below. It resumes where it stopped after a restart.").queue();
    }

    // ---- /forget --------------------------------------------------------------------------------------------

    private void forget(SlashCommandInteractionEvent event, GuildSettings settings) {
        String userId = event.getUser().getId();
        if ("me".equals(event.getSubcommandName())) {
            meters.command("forget", Outcome.OK);
            event.reply("Forget every message of yours that I learned in this server? This cannot be undone.")
                    .setEphemeral(true).setComponents(ActionRow.of(Button.danger(FORGET_ME + userId, "Forget mine")))
                    .queue();
            return;
        }
        if (refuse(event, settings)) {
            return;
        }
        meters.command("forget", Outcome.OK);
        event.reply("Forget everything this server taught me, and every /train position? This cannot be undone.")
                .setEphemeral(true).setComponents(ActionRow.of(Button.danger(FORGET_ALL + userId, "Forget all")))
                .queue();
    }

    void button(ButtonInteractionEvent event) {
        String id = event.getComponentId();
        if (event.getGuild() == null || !(id.startsWith(FORGET_ME) || id.startsWith(FORGET_ALL))) {
            return;
        }
        String userId = event.getUser().getId();
        if (!id.endsWith(":" + userId)) {
            event.reply("This button is someone else's.").setEphemeral(true).queue();
            return;
        }
        String guildId = event.getGuild().getId();
        event.deferEdit().queue();
        guilds.settings(guildId).chain(settings -> {
            Set<String> scopes = scopes(guildId, settings);
            if (id.startsWith(FORGET_ME)) {
                return Uni.join().all(scopes.stream().map(scope -> markov.forget(scope,
                        MarkovStore.Selector.AUTHOR, userId).map(n -> n == null ? 0 : n)).toList()).andFailFast()
                        .map(counts -> counts.stream().mapToInt(Integer::intValue).sum())
                        .call(() -> store.forgetImagesOf(guildId, userId))
                        .map(n -> "Forgot " + n + (n == 1 ? " message" : " messages") + " of yours.");
            }
            if (!isModerator(event.getMember(), settings)) {
                return Uni.createFrom().item("Only moderators can do that.");
            }
            return Uni.join().all(scopes.stream().map(markov::deleteScope).toList()).andFailFast()
                    .chain(() -> backfill.reset(guildId))
                    .chain(() -> store.forgetImagesOf(guildId, null))
                    .chain(() -> markov.ensureScope(markov.scopeOf(guildId, guildId)))
                    .map(s -> "Forgot everything; /train starts over.");
        }).subscribe().with(text -> event.getHook().editOriginal(text).setComponents()
                .setAllowedMentions(List.of()).queue(),
                failure -> event.getHook().editOriginal("That did not work: " + failure.getMessage())
                        .setComponents().setAllowedMentions(List.of()).queue());
    }

    private Set<String> scopes(String guildId, GuildSettings settings) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add(markov.scopeOf(guildId, guildId));
        settings.listenChannels().forEach(channel -> scopes.add(markov.scopeOf(guildId, channel)));
        return scopes;
    }

    // ---- permissions ----------------------------------------------------------------------------------------

    /** Administrator, Manage Channels, a configured owner id or one of the guild's moderator roles. */
    boolean isModerator(Member member, GuildSettings settings) {
        if (member == null) {
            return false;
        }
        if (config.ownerIds().orElse(Set.of()).contains(member.getId()) || member.isOwner()
                || member.hasPermission(Permission.ADMINISTRATOR) || member.hasPermission(Permission.MANAGE_CHANNEL)) {
            return true;
        }
        return member.getRoles().stream().anyMatch(r -> settings.moderatorRoles().contains(r.getId()));
    }

    /** Whether the member may make the bot generate: everyone unless the guild lists roles for it. */
    static boolean mayGenerate(Member member, GuildSettings settings) {
        if (settings.generateRoles().isEmpty()) {
            return true;
        }
        return member != null && member.getRoles().stream().anyMatch(r -> settings.generateRoles().contains(r.getId()));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static <T> T option(SlashCommandInteractionEvent event, String name, Function<OptionMapping, T> read,
            T otherwise) {
        OptionMapping option = event.getOption(name);
        return option == null ? otherwise : read.apply(option);
    }

    static String channels(Set<String> ids) {
        return ids.stream().sorted().map(id -> "<#" + id + ">").collect(Collectors.joining(", "));
    }

    static String roles(Set<String> ids) {
        return new ArrayList<>(ids).stream().sorted().map(id -> "<@&" + id + ">").collect(Collectors.joining(", "));
    }
}
