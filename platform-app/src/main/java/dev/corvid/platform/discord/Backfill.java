package dev.corvid.platform.discord;

import dev.corvid.markov.MarkovException;
import dev.corvid.markov.scope.MarkovService;
import dev.corvid.markov.scope.NewMessage;
import dev.corvid.markov.transfer.ImportProgress;
import dev.corvid.markov.transfer.MarkovImporter;
import dev.corvid.platform.api.error.ServiceUnavailableException;
import dev.corvid.platform.discord.DiscordStore.Cursor;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageHistory;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import org.jboss.logging.Logger;

/**
 * {@code /train}: every listened channel's history through REST, newest first, 100 messages a page with
 * {@code before=} paging, stored through the Markov module in batches of about {@code backfill.batch-messages}.
 * After each stored batch the channel's cursor (the oldest message read) is saved in PostgreSQL, so a restart resumes
 * where it stopped; a page read twice stores nothing twice (message ids are unique in a scope). The next page is
 * fetched while the current one is stored. One progress message
 * in the channel where {@code /train} ran is edited every few seconds; the summary is a new message there, so it
 * arrives however long training takes (an interaction token expires after 15 minutes). A channel the bot may not
 * read is reported by name, not skipped silently (markov-discord #21).
 */
@ApplicationScoped
class Backfill {

    private static final Logger LOG = Logger.getLogger(Backfill.class);

    private final DiscordStore store;
    private final MarkovService markov;
    private final MarkovImporter importer;
    private final GuildDirectory guilds;
    private final DiscordConfig config;
    private final DiscordMeters meters;
    private final Clock clock;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    Backfill(DiscordStore store, MarkovService markov, MarkovImporter importer, GuildDirectory guilds,
            DiscordConfig config, DiscordMeters meters, Clock clock) {
        this.store = store;
        this.markov = markov;
        this.importer = importer;
        this.guilds = guilds;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    void stop(@Observes ShutdownEvent event) {
        runs.shutdownNow();
    }

    /** Starts (or resumes) the guild's backfill; false when one is already running for it. */
    boolean start(Guild guild, String reportChannelId, boolean clean) {
        if (running.putIfAbsent(guild.getId(), Boolean.TRUE) != null) {
            return false;
        }
        runs.submit(() -> {
            try {
                run(guild, reportChannelId, clean);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Discord: /train in guild %s stopped", guild.getId());
                report(guild, reportChannelId, "Training stopped: " + e.getMessage() + ". Run /train to resume.");
            } finally {
                running.remove(guild.getId());
            }
        });
        return true;
    }

    /** After a restart: continues a backfill that had not finished, reporting where it was started. */
    void resumeIfUnfinished(Guild guild) {
        store.cursors(guild.getId()).subscribe().with(cursors -> cursors.stream().filter(c -> !c.done()).findFirst()
                .ifPresent(c -> {
                    LOG.infof("Discord: resuming /train in guild %s", guild.getId());
                    start(guild, c.reportChannelId(), false);
                }), failure -> LOG.warnf("Discord: reading /train cursors of guild %s failed: %s", guild.getId(),
                        failure.getMessage()));
    }

    /** Forgets every cursor of the guild ({@code /forget all}). */
    Uni<Void> reset(String guildId) {
        return store.resetCursors(guildId);
    }

    // ---- history --------------------------------------------------------------------------------------------

    private void run(Guild guild, String reportChannelId, boolean clean) {
        String guildId = guild.getId();
        GuildSettings settings = await(guilds.settings(guildId));
        if (clean) {
            for (String channel : settings.listenChannels()) {
                await(markov.deleteScope(markov.scopeOf(guildId, channel)));
            }
            await(markov.deleteScope(markov.scopeOf(guildId, guildId)));
            await(store.resetCursors(guildId));
        }
        Map<String, Cursor> cursors = new HashMap<>();
        await(store.cursors(guildId)).forEach(c -> cursors.put(c.channelId(), c));
        boolean resuming = cursors.values().stream().anyMatch(c -> !c.done());
        List<String> channels = settings.listenChannels().stream().sorted().toList();
        Progress progress = new Progress(guild, reportChannelId, channels.size());
        for (String channelId : channels) {
            Cursor cursor = cursors.get(channelId);
            if (cursor == null || (cursor.done() && !resuming)) {
                cursor = Cursor.start(guildId, channelId, reportChannelId);
            } else if (cursor.done()) {
                progress.finished(cursor);
                continue;
            }
            progress.finished(channel(guild, cursor, progress));
        }
        progress.done();
    }

    /** Reads one channel from its cursor to its beginning (or the first failure); the final cursor. */
    private Cursor channel(Guild guild, Cursor start, Progress progress) {
        Cursor cursor = start;
        GuildMessageChannel channel = guild.getChannelById(GuildMessageChannel.class, cursor.channelId());
        if (channel == null) {
            return save(cursor.failed("the channel no longer exists or I cannot see it"));
        }
        if (!guild.getSelfMember().hasAccess(channel)
                || !guild.getSelfMember().hasPermission(channel, Permission.MESSAGE_HISTORY)) {
            return save(cursor.failed("I am missing View Channel or Read Message History there"));
        }
        String scope = markov.scopeOf(guild.getId(), cursor.channelId());
        int pageSize = Math.max(1, Math.min(100, config.backfill().pageSize()));
        int batchMessages = Math.max(pageSize, config.backfill().batchMessages());
        try {
            CompletableFuture<List<Message>> next = fetch(channel, cursor.beforeId(), pageSize);
            List<Message> batch = new ArrayList<>(batchMessages + pageSize);
            int pages = 0;
            // Resuming after a crash, the first batch is the one in flight then: stored, but not yet counted in the
            // cursor. Its already-known messages count as learned there (and only there: a new /train over a
            // channel trained before counts new messages only).
            boolean inFlight = start.beforeId() != null && start.messages() > 0;
            while (true) {
                List<Message> page = next.join();
                boolean last = page.size() < pageSize;
                String oldest = page.isEmpty() ? null : page.get(page.size() - 1).getId();
                next = last ? null : fetch(channel, oldest, pageSize);
                batch.addAll(page);
                pages++;
                progress.page(cursor, page.size());
                if (batch.size() >= batchMessages || last) {
                    MarkovService.Trained trained = store(scope, cursor.channelId(), batch);
                    long stored = trained.accepted() + (inFlight ? trained.duplicates() : 0);
                    inFlight = false;
                    meters.backfillPages.increment(pages);
                    meters.backfillMessages.increment(stored);
                    String batchOldest = batch.isEmpty() ? null : batch.get(batch.size() - 1).getId();
                    cursor = save(cursor.pages(batchOldest, stored, pages, last));
                    batch.clear();
                    pages = 0;
                }
                if (last) {
                    return cursor;
                }
            }
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InsufficientPermissionException || cause instanceof ErrorResponseException error
                    && (error.getErrorCode() == 50001 || error.getErrorCode() == 50013)) {
                return save(cursor.failed("I am missing View Channel or Read Message History there"));
            }
            throw e;
        }
    }

    private static CompletableFuture<List<Message>> fetch(GuildMessageChannel channel, String before, int limit) {
        if (before == null) {
            return channel.getHistory().retrievePast(limit).submit();
        }
        return MessageHistory.getHistoryBefore(channel, before).limit(limit).submit()
                .thenApply(MessageHistory::getRetrievedHistory);
    }

    private MarkovService.Trained store(String scope, String channelId, List<Message> page) {
        List<NewMessage> messages = new ArrayList<>(page.size());
        List<DiscordStore.Image> images = new ArrayList<>();
        for (Message m : page) {
            if (MarkovBot.human(m, m.isWebhookMessage()) && !m.getContentRaw().isBlank()) {
                messages.add(new NewMessage(m.getId(), channelId, m.getAuthor().getId(), m.getContentRaw(),
                        m.getTimeCreated().toInstant()));
                DiscordStore.Image image = ImageAttacher.imageOf(m.getGuild().getId(), m);
                if (image != null) {
                    images.add(image);
                }
            }
        }
        if (messages.isEmpty()) {
            return new MarkovService.Trained(0, 0);
        }
        await(store.saveImages(images));
        for (int attempt = 0; ; attempt++) {
            try {
                return await(markov.train(scope, messages));
            } catch (MarkovException.Busy busy) {
                if (attempt >= 600) {
                    throw busy;
                }
                markov.awaitRoom(Duration.ofSeconds(1));
            } catch (ServiceUnavailableException slow) {
                // The scope's chain is still loading (a big one, cold after a restart: its load goes on behind the
                // request timeout); the next try finds it in memory. Found by the SIGKILL benchmark, where resuming
                // a 1.5M-message backfill failed this way.
                if (attempt >= 60) {
                    throw slow;
                }
                LOG.debugf("Discord: scope %s still loading; trying again: %s", scope, slow.getMessage());
            }
        }
    }

    private Cursor save(Cursor cursor) {
        await(store.save(cursor, clock.instant()));
        return cursor;
    }

    // ---- files ----------------------------------------------------------------------------------------------

    /** {@code /train file:}: a markov-discord or DiscordChatExporter file through the module's importer. */
    void importFile(Guild guild, MessageChannel report, Message.Attachment file) {
        String scope = markov.scopeOf(guild.getId(), guild.getId());
        runs.submit(() -> {
            Message status = report.sendMessage("Importing " + file.getFileName() + "…").complete();
            long[] lastEdit = {System.nanoTime()};
            try (InputStream in = file.getProxy().download().join()) {
                ImportProgress done = importer.open(scope, in, (long) file.getSize(), null, null).run(p -> {
                    if (!p.done() && System.nanoTime() - lastEdit[0] >= config.backfill().progressEvery().toNanos()) {
                        lastEdit[0] = System.nanoTime();
                        status.editMessage(String.format(Locale.ROOT, "Importing %s: %,d messages stored (%,.0f/s).",
                                file.getFileName(), p.acknowledged(), p.messagesPerSecond()))
                                .setAllowedMentions(List.of()).queue();
                    }
                });
                report.sendMessage(String.format(Locale.ROOT, "Imported %s (%s): %,d messages learned, %,d already"
                        + " known, %,d skipped.", file.getFileName(), done.format(), done.acknowledged(),
                        done.duplicates(), done.skipped())).queue();
            } catch (Exception e) {
                report.sendMessage("Import of " + file.getFileName() + " failed: " + e.getMessage()).queue();
            }
        });
    }

    // ---- progress -------------------------------------------------------------------------------------------

    private void report(Guild guild, String channelId, String text) {
        MessageChannel channel = channelId == null ? null : guild.getChannelById(GuildMessageChannel.class, channelId);
        if (channel != null) {
            channel.sendMessage(text).queue();
        }
    }

    /** The progress message, edited every {@code progress-every}, and the summary. */
    private final class Progress {
        private final Guild guild;
        private final GuildMessageChannel channel;
        private final int channels;
        private final long started = System.nanoTime();
        private final List<Cursor> finished = new ArrayList<>();
        private Message message;
        private long lastEdit;
        private long read;
        private long stored;

        Progress(Guild guild, String channelId, int channels) {
            this.guild = guild;
            this.channel = channelId == null ? null : guild.getChannelById(GuildMessageChannel.class, channelId);
            this.channels = channels;
            if (channel != null) {
                message = channel.sendMessage("Training: starting on " + channels + " channel(s)…").complete();
                lastEdit = System.nanoTime();
            }
        }

        void page(Cursor cursor, int messages) {
            read += messages;
            if (message != null && System.nanoTime() - lastEdit >= config.backfill().progressEvery().toNanos()) {
                lastEdit = System.nanoTime();
                double seconds = (lastEdit - started) / 1e9;
                message.editMessage(String.format(Locale.ROOT, "Training: %d of %d channels done; in <#%s> now;"
                        + " %,d messages read (%,.0f/s).", finished.size(), channels, cursor.channelId(), read,
                        read / seconds)).setAllowedMentions(List.of()).queue();
            }
        }

        void finished(Cursor cursor) {
            finished.add(cursor);
            stored += cursor.messages();
        }

        void done() {
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Training finished: %d channel(s),"
                    + " %,d messages learned in all, %,d read now in %.0f s.", channels, stored, read, seconds));
            for (Cursor c : finished) {
                if (c.problem() != null) {
                    text.append("\n<#").append(c.channelId()).append(">: not trained: ").append(c.problem())
                            .append('.');
                }
            }
            if (message != null) {
                message.editMessage(String.format(Locale.ROOT, "Training: %d of %d channels done.", channels,
                        channels)).setAllowedMentions(List.of()).queue();
            }
            if (channel != null) {
                channel.sendMessage(text.length() > 1990 ? text.substring(0, 1990) + "…" : text.toString()).queue();
            } else {
                LOG.infof("Discord: %s (guild %s)", text, guild.getId());
            }
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofMinutes(2));
    }
}
