package dev.corvid.platform.discord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;

/**
 * The connection to Discord's gateway: one JDA session for one shard, a JDA ShardManager for more. Token, REST and
 * gateway URLs and shard ids come from {@link DiscordConfig}; intents are GUILDS, GUILD_MESSAGES and MESSAGE_CONTENT;
 * the member cache is off. Resume, reconnect, invalid sessions and rate limits are JDA's. Every message the bot
 * sends has allowed mentions empty: nobody is ever pinged.
 */
@ApplicationScoped
public class DiscordGateway {

    private static final Logger LOG = Logger.getLogger(DiscordGateway.class);
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.MESSAGE_CONTENT);

    private final DiscordConfig config;
    private final MarkovBot bot;
    private final GuildDirectory guilds;
    private final MeterRegistry registry;
    private final Counter rateLimited;
    private volatile List<Integer> shardIds = List.of();
    private volatile JDA single;
    private volatile ShardManager manager;

    DiscordGateway(DiscordConfig config, MarkovBot bot, GuildDirectory guilds, MeterRegistry registry) {
        this.config = config;
        this.bot = bot;
        this.guilds = guilds;
        this.registry = registry;
        this.rateLimited = Counter.builder(DiscordMetrics.RATE_LIMITED)
                .description("Discord REST responses with status 429").register(registry);
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        String token = config.token().filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalStateException(
                "corvid.discord.enabled is true but corvid.discord.token is not set: set CORVID_DISCORD_TOKEN to"
                        + " the bot token from the Discord Developer Portal (Bot → Reset Token)."));
        int total = config.shards().total();
        if (total < 1) {
            throw new IllegalStateException("corvid.discord.shards.total must be at least 1, was " + total + ".");
        }
        List<Integer> ids = config.shards().ids().orElse(IntStream.range(0, total).boxed().toList());
        for (int id : ids) {
            if (id < 0 || id >= total) {
                throw new IllegalStateException("corvid.discord.shards.ids holds " + id + ", outside 0 to "
                        + (total - 1) + " (corvid.discord.shards.total = " + total + ").");
            }
        }
        shardIds = List.copyOf(ids);
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        MessageRequest.setDefaultMentionRepliedUser(false);
        OkHttpClient.Builder http = new OkHttpClient.Builder().addInterceptor(chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            if (response.code() == 429) {
                rateLimited.increment();
            }
            return response;
        });
        RestConfig rest = new RestConfig().setBaseUrl(config.restUrl());
        Gateway sessions = new Gateway(config.gatewayUrl());
        EventListener[] listeners = {bot, bot.meters()};
        if (ids.size() == 1) {
            single = JDABuilder.createLight(token, INTENTS).setMemberCachePolicy(MemberCachePolicy.NONE)
                    .setRestConfig(rest).setSessionController(sessions).setCompression(Compression.NONE)
                    .setHttpClientBuilder(http).setEnableShutdownHook(false).useSharding(ids.get(0), total)
                    .addEventListeners((Object[]) listeners).build();
        } else {
            sessions.setConcurrency(ids.size());
            manager = DefaultShardManagerBuilder.createLight(token, INTENTS)
                    .setMemberCachePolicy(MemberCachePolicy.NONE).setRestConfig(rest).setSessionController(sessions)
                    .setCompression(Compression.NONE).setHttpClientBuilder(http).setEnableShutdownHook(false)
                    .setShardsTotal(total).setShards(ids).addEventListeners((Object[]) listeners).build();
        }
        Gauge.builder(DiscordMetrics.CONFIGURED, this, g -> g.shardIds.size()).register(registry);
        Gauge.builder(DiscordMetrics.CONNECTED, this, g -> g.shards().stream()
                .filter(s -> s.getStatus() == JDA.Status.CONNECTED).count()).register(registry);
        for (int id : ids) {
            Gauge.builder(DiscordMetrics.PING, this, g -> g.ping(id)).tag(DiscordMetrics.TAG_SHARD,
                    Integer.toString(id)).baseUnit("milliseconds").register(registry);
        }
        guilds.startSweeping();
        LOG.infof("Discord: connecting shard(s) %s of %d through %s", ids, total, config.gatewayUrl());
    }

    void stop(@Observes ShutdownEvent event) {
        JDA jda = single;
        if (jda != null) {
            jda.shutdown();
            awaitQuietly(jda);
        }
        ShardManager shards = manager;
        if (shards != null) {
            shards.shutdown();
        }
    }

    /** The configured shard ids of this instance; empty when the connector is off. */
    public List<Integer> shardIds() {
        return shardIds;
    }

    /** This instance's JDA sessions, one per shard. */
    public List<JDA> shards() {
        if (single != null) {
            return List.of(single);
        }
        return manager == null ? List.of() : new ArrayList<>(manager.getShards());
    }

    /** The session of a shard id, or null while the ShardManager has not built it. */
    public JDA shard(int id) {
        if (single != null) {
            return single.getShardInfo().getShardId() == id ? single : null;
        }
        return manager == null ? null : manager.getShardById(id);
    }

    private double ping(int id) {
        JDA jda = shard(id);
        return jda == null ? Double.NaN : jda.getGatewayPing();
    }

    private static void awaitQuietly(JDA jda) {
        try {
            if (!jda.awaitShutdown(Duration.ofSeconds(10))) {
                jda.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sessions start through the configured gateway URL (Discord's, a proxy's or a test server's), one identify
     * queue per shard bucket, as Discord's {@code max_concurrency} allows.
     */
    private static final class Gateway extends ConcurrentSessionController {
        private final String url;

        Gateway(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }

        @Override
        public ShardedGateway getShardedGateway(JDA api) {
            ShardedGateway discord = super.getShardedGateway(api);
            return new ShardedGateway(url, discord.getShardTotal(), discord.getConcurrency());
        }
    }
}
