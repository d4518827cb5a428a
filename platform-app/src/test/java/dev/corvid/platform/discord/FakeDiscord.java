package dev.corvid.platform.discord;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A local Discord for tests and benchmarks: an HTTP + WebSocket server speaking the gateway protocol (HELLO, IDENTIFY,
 * heartbeat/ACK, READY with {@code resume_gateway_url}, GUILD_CREATE, dispatches, RESUME after a dropped socket,
 * RECONNECT, INVALID_SESSION) and the REST endpoints JDA calls. Everything it receives is recorded; tests wait on the
 * record ({@link #await}), never on time.
 */
public final class FakeDiscord implements AutoCloseable {

    public static final String BOT_ID = "100000000000000001";
    public static final String APP_ID = BOT_ID;
    static final long DISCORD_EPOCH = 1420070400000L;

    /** One request or gateway frame the fake received. */
    public record Received(String method, String path, Map<String, String> query, String body, long nanos) {

        Received(String method, String path, Map<String, String> query, String body) {
            this(method, path, query, body, System.nanoTime());
        }

        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonArray jsonArray() {
            return new JsonArray(body);
        }

        public boolean is(String method, String pathPrefix) {
            return this.method.equals(method) && path.startsWith(pathPrefix);
        }
    }

    /** A channel's history, newest first from {@code before} (null: from the newest). */
    public interface History {
        List<JsonObject> page(String before, int limit);
    }

    /** A guild the fake serves. */
    public static final class Guild {
        final String id;
        final String ownerId;
        final List<JsonObject> channels = new ArrayList<>();
        final List<JsonObject> roles = new ArrayList<>();

        Guild(String id, String ownerId) {
            this.id = id;
            this.ownerId = ownerId;
        }
    }

    /** A gateway session (one per shard while connected). */
    private static final class Session {
        final String id;
        final int shard;
        final List<JsonObject> sent = new ArrayList<>();
        long seq;
        ServerWebSocket socket;

        Session(String id, int shard) {
            this.id = id;
            this.shard = shard;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Guild> guilds = new ConcurrentHashMap<>();
    private final Map<String, History> histories = new ConcurrentHashMap<>();
    private final Map<String, Integer> forbidden = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** Messages that {@code GET /channels/{c}/messages/{id}} returns (with fresh attachment links). */
    private final Map<String, JsonObject> stored = new ConcurrentHashMap<>();
    private final java.nio.file.Path uploads;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Integer, Session> byShard = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rateLimits = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private final int port;
    private volatile int shardsTotal = 1;

    private final String token;

    /** A fake that accepts {@code token} (any other IDENTIFY is closed with 4004, as Discord does). */
    public FakeDiscord(String token) {
        this.token = token;
        Router router = Router.router(vertx);
        router.route().handler(c -> {
            if ("websocket".equalsIgnoreCase(c.request().getHeader("Upgrade"))) {
                c.request().toWebSocket().onSuccess(this::connected);
            } else {
                c.next();
            }
        });
        try {
            uploads = java.nio.file.Files.createTempDirectory("fake-discord-uploads");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        router.route().handler(BodyHandler.create().setUploadsDirectory(uploads.toString())
                .setDeleteUploadedFilesOnEnd(true));
        router.route().handler(this::record);
        router.get("/api/v10/users/@me").handler(c -> json(c, 200, botUser()));
        router.get("/api/v10/gateway/bot").handler(c -> json(c, 200, new JsonObject().put("url", wsUrl())
                .put("shards", shardsTotal).put("session_start_limit", new JsonObject().put("total", 1000)
                        .put("remaining", 1000).put("reset_after", 0).put("max_concurrency", 16))));
        router.get("/api/v10/gateway").handler(c -> json(c, 200, new JsonObject().put("url", wsUrl())));
        router.put("/api/v10/applications/:app/commands").handler(this::commands);
        router.post("/api/v10/channels/:channel/messages").handler(this::createMessage);
        router.patch("/api/v10/channels/:channel/messages/:message").handler(this::editMessage);
        router.get("/api/v10/channels/:channel/messages").handler(this::history);
        router.get("/api/v10/channels/:channel/messages/:message").handler(c -> {
            JsonObject m = stored.get(c.pathParam("message"));
            if (m == null) {
                json(c, 404, new JsonObject().put("message", "Unknown Message").put("code", 10008));
            } else {
                json(c, 200, m);
            }
        });
        router.post("/api/v10/interactions/:id/:token/callback").handler(c -> c.response().setStatusCode(204).end());
        router.patch("/api/v10/webhooks/:app/:token/messages/:message").handler(this::webhookMessage);
        router.post("/api/v10/webhooks/:app/:token").handler(this::webhookMessage);
        router.get("/files/:name").handler(c -> {
            byte[] data = files.get(c.pathParam("name"));
            if (data == null) {
                // What Discord's CDN answers for an expired signed link.
                c.response().setStatusCode(404).end("This content is no longer available.");
            } else {
                c.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(data));
            }
        });
        router.route().handler(c -> json(c, 404, new JsonObject().put("message", "404: Not Found").put("code", 0)));
        server = vertx.createHttpServer().requestHandler(router);
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    public int port() {
        return port;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + port + "/api/v10/";
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    public FakeDiscord shards(int total) {
        this.shardsTotal = total;
        return this;
    }

    // ---- world ----------------------------------------------------------------------------------------------

    /** A Discord id made now, increasing: its timestamp part is the current time, as Discord's are. */
    public String snowflake() {
        long now = System.currentTimeMillis() - DISCORD_EPOCH;
        return Long.toString((now << 22) | (ids.incrementAndGet() & 0x3FFFFF));
    }

    /** A guild id that lands on {@code shard} of {@code total}: {@code (id >> 22) % total == shard}. */
    public static String guildIdOnShard(int n, int shard, int total) {
        return Long.toString(((long) (n * total + shard)) << 22);
    }

    /** Adds a guild with an @everyone role, a bot role (view, send, read history, embed, attach) and a mod role. */
    public Guild guild(String id, String ownerId) {
        Guild g = new Guild(id, ownerId);
        g.roles.add(role(id, "@everyone", 0, "0"));
        g.roles.add(role(botRole(id), "corvid", 1, Long.toString(1024 | 2048 | 16384 | 32768 | 65536)));
        g.roles.add(role(modRole(id), "mods", 2, "8"));
        guilds.put(id, g);
        return g;
    }

    public static String botRole(String guildId) {
        return Long.toString(Long.parseLong(guildId) + 1);
    }

    public static String modRole(String guildId) {
        return Long.toString(Long.parseLong(guildId) + 2);
    }

    /** Adds a text channel; {@code denyHistory} denies the bot's role Read Message History there. */
    public String channel(Guild guild, String name, boolean denyHistory) {
        String id = snowflake();
        JsonArray overwrites = new JsonArray();
        if (denyHistory) {
            overwrites.add(new JsonObject().put("id", botRole(guild.id)).put("type", 0).put("allow", "0")
                    .put("deny", Long.toString(65536)));
        }
        guild.channels.add(new JsonObject().put("id", id).put("type", 0).put("guild_id", guild.id).put("name", name)
                .put("position", guild.channels.size()).put("permission_overwrites", overwrites).put("nsfw", false)
                .put("rate_limit_per_user", 0).putNull("parent_id").putNull("topic").putNull("last_message_id"));
        return id;
    }

    public void history(String channelId, History history) {
        histories.put(channelId, history);
    }

    /** A channel whose history REST answers 403 with this Discord error code (e.g. 50001 Missing Access). */
    public void forbidHistory(String channelId, int code) {
        forbidden.put(channelId, code);
    }

    /**
     * Gives {@code message} an image attachment {@code filename} holding {@code data}. With {@code expired} its link
     * answers 404, as Discord's CDN does once a signed link expired, and only reading the message again through
     * {@code GET /channels/{c}/messages/{id}} gives a link that works.
     */
    public JsonObject withImage(JsonObject message, String filename, byte[] data, boolean expired) {
        String id = message.getString("id");
        String fresh = file("fresh-" + id + "-" + filename, data);
        String url = expired ? "http://127.0.0.1:" + port + "/files/expired-" + id + "-" + filename : fresh;
        JsonObject attachment = new JsonObject().put("id", snowflake()).put("filename", filename)
                .put("size", data.length).put("content_type", "image/png").put("width", 1).put("height", 1);
        message.put("attachments", new JsonArray().add(attachment.copy().put("url", url).put("proxy_url", url)));
        stored.put(id, message.copy().put("attachments", new JsonArray().add(attachment.copy().put("url", fresh)
                .put("proxy_url", fresh))));
        return message;
    }

    /** Serves a file at {@code /files/<name>}; its URL. */
    public String file(String name, byte[] data) {
        files.put(name, data);
        return "http://127.0.0.1:" + port + "/files/" + name;
    }

    /** The next {@code times} requests whose path starts with {@code pathPrefix} get 429 with Retry-After. */
    public void rateLimit(String pathPrefix, int times) {
        rateLimits.put(pathPrefix, new AtomicInteger(times));
    }

    // ---- payloads -------------------------------------------------------------------------------------------

    public static JsonObject botUser() {
        return user(BOT_ID, "corvid", true);
    }

    public static JsonObject user(String id, String name, boolean bot) {
        return new JsonObject().put("id", id).put("username", name).put("discriminator", "0").putNull("avatar")
                .put("global_name", name).put("bot", bot).put("public_flags", 0);
    }

    public static JsonObject member(JsonObject user, String... roles) {
        return new JsonObject().put("user", user).put("roles", new JsonArray(List.of((Object[]) roles)))
                .put("joined_at", "2024-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false)
                .put("flags", 0).putNull("nick");
    }

    private static JsonObject role(String id, String name, int position, String permissions) {
        return new JsonObject().put("id", id).put("name", name).put("color", 0).put("colors", new JsonObject()
                .put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color")).put("hoist", false)
                .put("position", position).put("permissions", permissions).put("managed", false)
                .put("mentionable", false).put("flags", 0);
    }

    /** A message as Discord sends it; {@code mentions} are user objects. */
    public JsonObject message(String guildId, String channelId, String id, JsonObject author, String content,
            JsonObject... mentions) {
        JsonObject m = new JsonObject().put("id", id).put("channel_id", channelId).put("author", author)
                .put("content", content).put("timestamp", Instant.ofEpochMilli((Long.parseLong(id) >> 22)
                        + DISCORD_EPOCH).toString()).putNull("edited_timestamp").put("tts", false)
                .put("mention_everyone", false).put("mentions", new JsonArray(List.of((Object[]) mentions)))
                .put("mention_roles", new JsonArray()).put("attachments", new JsonArray())
                .put("embeds", new JsonArray()).put("pinned", false).put("type", 0).put("flags", 0)
                .put("components", new JsonArray());
        if (guildId != null) {
            m.put("guild_id", guildId);
        }
        return m;
    }

    private JsonObject guildCreate(Guild g) {
        return new JsonObject().put("id", g.id).put("name", "guild " + g.id).putNull("icon").put("owner_id", g.ownerId)
                .put("afk_timeout", 300).put("verification_level", 0).put("default_message_notifications", 0)
                .put("explicit_content_filter", 0).put("mfa_level", 0).put("nsfw_level", 0).put("premium_tier", 0)
                .put("premium_progress_bar_enabled", false).put("system_channel_flags", 0)
                .put("features", new JsonArray()).put("roles", new JsonArray(new ArrayList<>(g.roles)))
                .put("emojis", new JsonArray()).put("stickers", new JsonArray())
                .put("channels", new JsonArray(new ArrayList<>(g.channels))).put("threads", new JsonArray())
                .put("voice_states", new JsonArray()).put("members", new JsonArray().add(member(botUser(),
                        botRole(g.id)))).put("presences", new JsonArray()).put("guild_scheduled_events",
                                new JsonArray()).put("stage_instances", new JsonArray()).put("soundboard_sounds",
                                        new JsonArray()).put("member_count", 2).put("large", false)
                .put("joined_at", "2024-01-01T00:00:00.000000+00:00").put("unavailable", false)
                .put("preferred_locale", "en-US");
    }

    // ---- gateway --------------------------------------------------------------------------------------------

    private void connected(ServerWebSocket socket) {
        socket.textMessageHandler(text -> frame(socket, new JsonObject(text)));
        socket.writeTextMessage(new JsonObject().put("op", 10).put("d", new JsonObject()
                .put("heartbeat_interval", 41250)).encode());
    }

    private void frame(ServerWebSocket socket, JsonObject frame) {
        int op = frame.getInteger("op");
        JsonObject d = frame.getValue("d") instanceof JsonObject o ? o : new JsonObject();
        if (op != 1) {
            add(new Received("WS", "op" + op, Map.of(), frame.encode()));
        }
        switch (op) {
            case 1 -> socket.writeTextMessage(new JsonObject().put("op", 11).encode());
            case 2 -> identify(socket, d);
            case 6 -> resume(socket, d);
            default -> {
            }
        }
    }

    private void identify(ServerWebSocket socket, JsonObject d) {
        if (!token.equals(d.getString("token"))) {
            socket.close((short) 4004, "Authentication failed.");
            return;
        }
        JsonArray shard = d.getJsonArray("shard", new JsonArray().add(0).add(1));
        int id = shard.getInteger(0);
        int total = shard.getInteger(1);
        Session session = new Session("session-" + sessionCount.incrementAndGet(), id);
        session.socket = socket;
        sessions.put(session.id, session);
        Session previous = byShard.put(id, session);
        if (previous != null && previous.socket != null && previous.socket != socket) {
            previous.socket.close((short) 4000);
        }
        JsonArray unavailable = new JsonArray();
        List<Guild> mine = guilds.values().stream().filter(g -> (Long.parseLong(g.id) >> 22) % total == id).toList();
        mine.forEach(g -> unavailable.add(new JsonObject().put("id", g.id).put("unavailable", true)));
        dispatch(session, "READY", new JsonObject().put("v", 10).put("user", botUser()).put("guilds", unavailable)
                .put("session_id", session.id).put("resume_gateway_url", wsUrl()).put("shard", shard)
                .put("private_channels", new JsonArray()).put("relationships", new JsonArray())
                .put("presences", new JsonArray()).put("guild_join_requests", new JsonArray())
                .put("session_type", "normal").put("user_settings", new JsonObject())
                .put("application", new JsonObject().put("id", APP_ID).put("flags", 0)));
        mine.forEach(g -> dispatch(session, "GUILD_CREATE", guildCreate(g)));
    }

    private void resume(ServerWebSocket socket, JsonObject d) {
        Session session = sessions.get(d.getString("session_id"));
        if (session == null) {
            socket.writeTextMessage(new JsonObject().put("op", 9).put("d", false).encode());
            return;
        }
        synchronized (session) {
            session.socket = socket;
            long after = d.getLong("seq", 0L);
            for (JsonObject frame : session.sent) {
                if (frame.getLong("s") > after) {
                    socket.writeTextMessage(frame.encode());
                }
            }
        }
        dispatch(session, "RESUMED", new JsonObject());
    }

    private void dispatch(Session session, String type, JsonObject data) {
        synchronized (session) {
            JsonObject frame = new JsonObject().put("op", 0).put("t", type).put("s", ++session.seq).put("d", data);
            session.sent.add(frame);
            if (session.sent.size() > 10_000) {
                session.sent.remove(0);
            }
            if (session.socket != null && !session.socket.isClosed()) {
                session.socket.writeTextMessage(frame.encode());
            }
        }
    }

    /** Sends a dispatch on the shard's current session (kept for replay if the socket is down). */
    public void dispatch(int shard, String type, JsonObject data) {
        Session session = byShard.get(shard);
        if (session == null) {
            throw new IllegalStateException("shard " + shard + " has not identified");
        }
        dispatch(session, type, data);
    }

    /** Closes the shard's socket as a network failure would (4000: resumable). */
    public void drop(int shard) {
        Session session = byShard.get(shard);
        ServerWebSocket socket;
        synchronized (session) {
            socket = session.socket;
            session.socket = null;
        }
        socket.close((short) 4000, "dropped by the test");
    }

    /** Asks the shard to reconnect (op 7). */
    public void reconnect(int shard) {
        byShard.get(shard).socket.writeTextMessage(new JsonObject().put("op", 7).putNull("d").encode());
    }

    /** Invalidates the shard's session (op 9, not resumable): the client identifies again. */
    public void invalidateSession(int shard) {
        Session session = byShard.get(shard);
        sessions.remove(session.id);
        session.socket.writeTextMessage(new JsonObject().put("op", 9).put("d", false).encode());
    }

    // ---- REST -----------------------------------------------------------------------------------------------

    private void record(RoutingContext c) {
        Map<String, String> query = new ConcurrentHashMap<>();
        c.queryParams().forEach(e -> query.put(e.getKey(), e.getValue()));
        String path = c.request().path();
        Received r = new Received(c.request().method().name(), path.startsWith("/api/v10") ? path.substring(8)
                : path, query, body(c));
        c.put(BODY, r.body());
        add(r);
        for (Map.Entry<String, AtomicInteger> limit : rateLimits.entrySet()) {
            if (r.path().startsWith(limit.getKey()) && limit.getValue().getAndDecrement() > 0) {
                c.response().putHeader("Retry-After", "1");
                json(c, 429, new JsonObject().put("message", "You are being rate limited.")
                        .put("retry_after", 0.2).put("global", false));
                return;
            }
        }
        c.next();
    }

    private void commands(RoutingContext c) {
        JsonArray in = c.body().asJsonArray();
        JsonArray out = new JsonArray();
        for (int i = 0; i < in.size(); i++) {
            out.add(in.getJsonObject(i).copy().put("id", snowflake()).put("application_id", APP_ID)
                    .put("version", snowflake()).put("type", 1).putNull("default_member_permissions")
                    .put("nsfw", false).put("contexts", new JsonArray().add(0)));
        }
        json(c, 200, out);
    }

    /**
     * The request's body as text. A multipart message (one with files) becomes its {@code payload_json} with an
     * {@code uploads} array added: each file's name, size and bytes (base64), read before the handler deletes them.
     */
    private static final String BODY = "fake-discord-body";

    private static String body(RoutingContext c) {
        String type = c.request().getHeader("Content-Type");
        if (type != null && type.startsWith("multipart/form-data")) {
            JsonObject payload = new JsonObject(c.request().getFormAttribute("payload_json"));
            JsonArray files = new JsonArray();
            for (io.vertx.ext.web.FileUpload upload : c.fileUploads()) {
                try {
                    byte[] data = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(upload.uploadedFileName()));
                    files.add(new JsonObject().put("field", upload.name()).put("filename", upload.fileName())
                            .put("size", data.length).put("data", java.util.Base64.getEncoder().encodeToString(data)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return payload.put("uploads", files).encode();
        }
        return c.body() == null || c.body().buffer() == null ? "" : c.body().asString();
    }

    /** The body {@link #record} read (multipart files are read from disk once). */
    private static JsonObject json(RoutingContext c) {
        String body = c.get(BODY);
        return body.isEmpty() ? null : new JsonObject(body);
    }

    private void createMessage(RoutingContext c) {
        JsonObject body = json(c);
        json(c, 200, message(null, c.pathParam("channel"), snowflake(), botUser(), body.getString("content", "")));
    }

    private void editMessage(RoutingContext c) {
        JsonObject body = json(c);
        json(c, 200, message(null, c.pathParam("channel"), c.pathParam("message"), botUser(),
                body.getString("content", "")));
    }

    private void webhookMessage(RoutingContext c) {
        JsonObject body = json(c);
        String id = "@original".equals(c.pathParam("message")) || c.pathParam("message") == null ? snowflake()
                : c.pathParam("message");
        json(c, 200, message(null, "0", id, botUser(), body == null ? "" : body.getString("content", "")));
    }

    private void history(RoutingContext c) {
        String channel = c.pathParam("channel");
        Integer code = forbidden.get(channel);
        if (code != null) {
            json(c, 403, new JsonObject().put("message", "Missing Access").put("code", code));
            return;
        }
        History history = histories.get(channel);
        int limit = Integer.parseInt(c.queryParam("limit").isEmpty() ? "50" : c.queryParam("limit").get(0));
        String before = c.queryParam("before").isEmpty() ? null : c.queryParam("before").get(0);
        List<JsonObject> page = history == null ? List.of() : history.page(before, limit);
        HttpServerResponse response = c.response().setStatusCode(200).putHeader("Content-Type", "application/json");
        response.end(new JsonArray(new ArrayList<>(page)).toBuffer());
    }

    private static void json(RoutingContext c, int status, Object body) {
        c.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body instanceof JsonObject o ? o.toBuffer() : ((JsonArray) body).toBuffer());
    }

    // ---- the record -----------------------------------------------------------------------------------------

    private volatile java.util.function.Consumer<Received> listener;
    private volatile boolean recording = true;

    private void add(Received r) {
        java.util.function.Consumer<Received> l = listener;
        if (l != null) {
            l.accept(r);
        }
        if (!recording) {
            return;
        }
        synchronized (received) {
            received.add(r);
            received.notifyAll();
        }
    }

    /** Waits until something matching has been received (since the start), at most {@code timeout}; the first one. */
    public Received await(Predicate<Received> match, Duration timeout) {
        return awaitCount(match, 1, timeout).get(0);
    }

    /** Waits until {@code count} matching things have been received; them, oldest first. */
    public List<Received> awaitCount(Predicate<Received> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> found = received.stream().filter(match).toList();
                if (found.size() >= count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("The fake Discord did not receive " + count + " matching request(s) in "
                            + timeout + "; it received " + found.size() + ". Last requests: " + received.subList(
                                    Math.max(0, received.size() - 10), received.size()));
                }
                try {
                    received.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** What is awaited after an action: the next match, not one received before {@link #expect} was called. */
    public final class Expectation {
        private final Predicate<Received> match;
        private final int seen;

        private Expectation(Predicate<Received> match, int seen) {
            this.match = match;
            this.seen = seen;
        }

        public Received await(Duration timeout) {
            List<Received> all = awaitCount(match, seen + 1, timeout);
            return all.get(seen);
        }
    }

    /** Call before the action: {@link Expectation#await} then returns the first match received after now. */
    public Expectation expect(Predicate<Received> match) {
        synchronized (received) {
            return new Expectation(match, (int) received.stream().filter(match).count());
        }
    }

    /** Calls {@code listener} with each thing received from now on (benchmarks: no record scanning). */
    public void onReceived(java.util.function.Consumer<Received> listener) {
        this.listener = listener;
    }

    /** Stops recording (a benchmark's millions of history requests would fill the heap); listeners still hear. */
    public void recordNothing() {
        this.recording = false;
    }

    /** Everything received so far. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        uploads.toFile().delete();
    }
}
