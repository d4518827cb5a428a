package dev.corvid.platform.discord;

import dev.corvid.platform.api.error.InvalidInputException;
import dev.corvid.platform.discord.DiscordMeters.Outcome;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/** {@code /settings}: view, set (chances, cooldown, periodic posts), auto-respond channels, generate/moderate roles. */
final class SettingsCommand {

    private final GuildDirectory guilds;
    private final DiscordMeters meters;
    private final BiConsumer<SlashCommandInteractionEvent, Throwable> failed;

    /** {@code failed} answers and counts a failure the way every command does. */
    SettingsCommand(GuildDirectory guilds, DiscordMeters meters,
            BiConsumer<SlashCommandInteractionEvent, Throwable> failed) {
        this.guilds = guilds;
        this.meters = meters;
        this.failed = failed;
    }

    /** Runs a moderator's {@code /settings} subcommand and answers with the settings after it. */
    void run(SlashCommandInteractionEvent event, GuildSettings s) {
        String guildId = event.getGuild().getId();
        Uni<GuildSettings> change = switch (event.getSubcommandName()) {
            case "set" -> {
                double reply = BotCommands.option(event, "reply-chance", OptionMapping::getAsDouble, s.replyChance());
                double image = BotCommands.option(event, "image-chance", OptionMapping::getAsDouble, s.imageChance());
                int cooldown = BotCommands.option(event, "cooldown", OptionMapping::getAsInt, s.cooldownSeconds());
                int every = BotCommands.option(event, "post-every", OptionMapping::getAsInt, s.postEveryMessages());
                int minutes = BotCommands.option(event, "post-every-minutes", OptionMapping::getAsInt,
                        s.postEveryMinutes());
                boolean images = BotCommands.option(event, "attach-images", OptionMapping::getAsBoolean,
                        s.attachImages());
                yield guilds.put(guildId, new GuildSettings(s.listenChannels(), s.autoChannels(), reply, image,
                        cooldown, every, minutes, images, s.generateRoles(), s.moderatorRoles(), s.leftAt()));
            }
            case "auto" -> guilds.auto(guildId, BotCommands.option(event, "channel", o -> o.getAsChannel().getId(),
                    event.getChannel().getId()), event.getOption("enabled").getAsBoolean());
            case "role" -> {
                Role role = event.getOption("role").getAsRole();
                boolean moderate = "moderate".equals(event.getOption("kind").getAsString());
                boolean enabled = event.getOption("enabled").getAsBoolean();
                Set<String> generate = new HashSet<>(s.generateRoles());
                Set<String> moderators = new HashSet<>(s.moderatorRoles());
                Set<String> target = moderate ? moderators : generate;
                if (enabled) {
                    target.add(role.getId());
                } else {
                    target.remove(role.getId());
                }
                yield guilds.put(guildId, new GuildSettings(s.listenChannels(), s.autoChannels(), s.replyChance(),
                        s.imageChance(), s.cooldownSeconds(), s.postEveryMessages(), s.postEveryMinutes(), s.attachImages(),
                        generate, moderators,
                        s.leftAt()));
            }
            default -> Uni.createFrom().item(s);
        };
        change.subscribe().with(after -> {
            meters.command("settings", Outcome.OK);
            event.reply(describe(after)).setEphemeral(true).queue();
        }, failure -> {
            if (failure instanceof InvalidInputException) {
                meters.command("settings", Outcome.INVALID);
                event.reply(failure.getMessage()).setEphemeral(true).queue();
            } else {
                failed.accept(event, failure);
            }
        });
    }

    private static String every(GuildSettings s) {
        List<String> parts = new ArrayList<>();
        if (s.postEveryMessages() > 0) {
            parts.add(s.postEveryMessages() + " messages");
        }
        if (s.postEveryMinutes() > 0) {
            parts.add(s.postEveryMinutes() + " minutes (on the next message)");
        }
        return parts.isEmpty() ? "never" : String.join(" or ", parts);
    }

    static String describe(GuildSettings s) {
        return String.format(Locale.ROOT, "Learning from: %s\nReply chance: %.2f (with an image: %.2f)\nCooldown: %d s"
                + "\nPost every: %s\nImages from source messages: %s\nAuto-respond in: %s\nRoles that may generate: %s\nModerator roles: %s",
                s.listenChannels().isEmpty() ? "no channel" : BotCommands.channels(s.listenChannels()), s.replyChance(),
                s.imageChance(), s.cooldownSeconds(), every(s), s.attachImages() ? "on" : "off", s.autoChannels().isEmpty() ? "no channel"
                                : BotCommands.channels(s.autoChannels()), s.generateRoles().isEmpty() ? "everyone"
                                        : BotCommands.roles(s.generateRoles()), s.moderatorRoles().isEmpty() ? "none"
                                                : BotCommands.roles(s.moderatorRoles()));
    }

}
