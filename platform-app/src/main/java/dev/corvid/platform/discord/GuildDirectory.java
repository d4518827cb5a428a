package dev.corvid.platform.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.corvid.markov.scope.MarkovService;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Guild settings as the bot reads them on every message: cached for a few seconds (another instance's REST write
 * is seen within {@link #FRESH}), written through to PostgreSQL. Also a guild's life: joining creates its settings
 * and its Markov scope, leaving starts the grace period, after which {@link #sweep} forgets the scope.
 */
@ApplicationScoped
class GuildDirectory {

    private static final Logger LOG = Logger.getLogger(GuildDirectory.class);
    static final Duration FRESH = Duration.ofSeconds(10);

    private final DiscordStore store;
    private final DiscordConfig config;
    private final MarkovService markov;
    private final Clock clock;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "discord-sweeper");
        t.setDaemon(true);
        return t;
    });
    private final Cache<String, GuildSettings> cache = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(FRESH).build();

    GuildDirectory(DiscordStore store, DiscordConfig config, MarkovService markov, Clock clock) {
        this.store = store;
        this.config = config;
        this.markov = markov;
        this.clock = clock;
    }

    /** The guild's settings, created with the configured defaults when it has none. */
    Uni<GuildSettings> settings(String guildId) {
        GuildSettings cached = cache.getIfPresent(guildId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return store.settingsOrCreate(guildId, GuildSettings.defaults(config.replies()), clock.instant())
                .invoke(s -> cache.put(guildId, s));
    }

    /** The cached settings, or null: for the hot path, which loads them asynchronously when absent. */
    GuildSettings cached(String guildId) {
        return cache.getIfPresent(guildId);
    }

    Uni<GuildSettings> put(String guildId, GuildSettings settings) {
        return settings(guildId).chain(before -> store.put(guildId, settings.withLeftAt(before.leftAt()),
                clock.instant())).invoke(s -> cache.put(guildId, s));
    }

    /** Adds or removes a listened channel. */
    Uni<GuildSettings> listen(String guildId, String channelId, boolean add) {
        return toggle(guildId, "listen_channels", channelId, add);
    }

    /** Adds or removes an auto-respond channel. */
    Uni<GuildSettings> auto(String guildId, String channelId, boolean add) {
        return toggle(guildId, "auto_channels", channelId, add);
    }

    private Uni<GuildSettings> toggle(String guildId, String column, String channelId, boolean add) {
        return settings(guildId).chain(() -> store.toggle(guildId, column, channelId, add, clock.instant()))
                .invoke(s -> cache.put(guildId, s));
    }

    /** The bot is in the guild (start-up or invite): its settings and scope exist, a pending leave is cancelled. */
    Uni<GuildSettings> joined(String guildId, String scope) {
        return settings(guildId).chain(s -> s.leftAt() == null ? Uni.createFrom().item(s)
                : store.left(guildId, null, clock.instant()).map(v -> s.withLeftAt(null)))
                .invoke(s -> cache.put(guildId, s))
                .call(() -> markov.ensureScope(scope));
    }

    /** The bot was removed from the guild: its data is kept for {@code corvid.discord.leave-grace}. */
    Uni<Void> left(String guildId) {
        cache.invalidate(guildId);
        return store.left(guildId, clock.instant(), clock.instant());
    }

    /** Runs {@link #sweep} now and every hour, on a daemon thread, until shutdown. */
    void startSweeping() {
        sweeper.scheduleWithFixedDelay(() -> sweep().subscribe().with(ids -> { },
                failure -> LOG.warnf("Discord: sweeping left guilds failed: %s", failure.getMessage())),
                0, 1, TimeUnit.HOURS);
    }

    void stop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
    }

    /** Forgets every guild left longer ago than the grace period: its scopes, settings and cursors. */
    Uni<List<String>> sweep() {
        return store.leftBefore(clock.instant().minus(config.leaveGrace())).call(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.join().all(ids.stream().map(this::forgetGuild).toList()).andCollectFailures();
        });
    }

    private Uni<Void> forgetGuild(String guildId) {
        LOG.infof("Discord: guild %s was left more than %s ago; forgetting its chain and settings", guildId,
                config.leaveGrace());
        return store.settings(guildId).chain(settings -> {
            Set<String> scopes = new LinkedHashSet<>();
            scopes.add(guildId);
            if (settings != null) {
                settings.listenChannels().forEach(channel -> scopes.add(markov.scopeOf(guildId, channel)));
            }
            return Uni.join().all(scopes.stream().map(markov::deleteScope).toList()).andFailFast();
        }).chain(() -> store.delete(guildId)).invoke(() -> cache.invalidate(guildId));
    }
}
