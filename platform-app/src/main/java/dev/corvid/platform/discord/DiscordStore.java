package dev.corvid.platform.discord;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The connector's tables in schema {@code discord}: guild settings and backfill cursors. */
@ApplicationScoped
class DiscordStore {

    /** Where {@code /train} stands in one channel. */
    record Cursor(String guildId, String channelId, String beforeId, long messages, long pages, boolean done,
            String problem, String reportChannelId) {

        static Cursor start(String guildId, String channelId, String reportChannelId) {
            return new Cursor(guildId, channelId, null, 0, 0, false, null, reportChannelId);
        }

        Cursor pages(String oldestId, long stored, int read, boolean last) {
            return new Cursor(guildId, channelId, oldestId == null ? beforeId : oldestId, messages + stored,
                    pages + read, last, null, reportChannelId);
        }

        Cursor failed(String why) {
            return new Cursor(guildId, channelId, beforeId, messages, pages, true, why, reportChannelId);
        }
    }

    private static final String SETTINGS = "listen_channels, auto_channels, reply_chance, image_chance,"
            + " cooldown_seconds, post_every_messages, post_every_minutes, attach_images, generate_roles, moderator_roles,"
            + " left_at";

    private final Pool pool;

    DiscordStore(Pool pool) {
        this.pool = pool;
    }

    /** The guild's settings; null when it has none stored. */
    Uni<GuildSettings> settings(String guildId) {
        return pool.preparedQuery("SELECT " + SETTINGS + " FROM discord.guild_settings WHERE guild_id = $1")
                .execute(Tuple.of(guildId)).map(rows -> rows.size() == 0 ? null : settings(rows.iterator().next()));
    }

    /** The guild's settings, storing {@code defaults} first when it has none. */
    Uni<GuildSettings> settingsOrCreate(String guildId, GuildSettings defaults, Instant now) {
        return pool.preparedQuery("INSERT INTO discord.guild_settings (guild_id, " + SETTINGS + ", updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (guild_id) DO NOTHING")
                .execute(values(guildId, defaults, now)).chain(() -> settings(guildId));
    }

    /** Replaces the guild's settings; the stored ones. */
    Uni<GuildSettings> put(String guildId, GuildSettings settings, Instant now) {
        return pool.preparedQuery("INSERT INTO discord.guild_settings (guild_id, " + SETTINGS + ", updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (guild_id) DO UPDATE SET"
                + " listen_channels = $2, auto_channels = $3, reply_chance = $4, image_chance = $5,"
                + " cooldown_seconds = $6, post_every_messages = $7, post_every_minutes = $8, attach_images = $9,"
                + " generate_roles = $10, moderator_roles = $11, left_at = $12, updated_at = $13 RETURNING " + SETTINGS)
                .execute(values(guildId, settings, now)).map(rows -> settings(rows.iterator().next()));
    }

    /** Adds or removes one channel of a settings array in one statement (two moderators at once lose nothing). */
    Uni<GuildSettings> toggle(String guildId, String column, String channelId, boolean add, Instant now) {
        if (!column.equals("listen_channels") && !column.equals("auto_channels")) {
            throw new IllegalArgumentException(column);
        }
        String value = add ? "array_append(array_remove(" + column + ", $2), $2)" : "array_remove(" + column + ", $2)";
        return pool.preparedQuery("UPDATE discord.guild_settings SET " + column + " = " + value + ", updated_at = $3"
                + " WHERE guild_id = $1 RETURNING " + SETTINGS).execute(Tuple.of(guildId, channelId, utc(now)))
                .map(rows -> rows.size() == 0 ? null : settings(rows.iterator().next()));
    }

    /** Records that the bot left (or, with null, rejoined) the guild. */
    Uni<Void> left(String guildId, Instant at, Instant now) {
        return pool.preparedQuery("UPDATE discord.guild_settings SET left_at = $2, updated_at = $3 WHERE guild_id = $1")
                .execute(Tuple.of(guildId, at == null ? null : utc(at), utc(now))).replaceWithVoid();
    }

    /** Guilds the bot left before {@code cutoff}. */
    Uni<List<String>> leftBefore(Instant cutoff) {
        return pool.preparedQuery("SELECT guild_id FROM discord.guild_settings WHERE left_at < $1")
                .execute(Tuple.of(utc(cutoff))).map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Deletes a guild's settings, cursors and images. */
    Uni<Void> delete(String guildId) {
        return pool.withTransaction(c -> c.preparedQuery("DELETE FROM discord.backfill WHERE guild_id = $1")
                .execute(Tuple.of(guildId)).chain(() -> c.preparedQuery(
                        "DELETE FROM discord.message_images WHERE guild_id = $1").execute(Tuple.of(guildId)))
                .chain(() -> c.preparedQuery("DELETE FROM discord.guild_settings WHERE guild_id = $1")
                        .execute(Tuple.of(guildId))))
                .replaceWithVoid();
    }

    // ---- images of learned messages -------------------------------------------------------------------------

    /** The first image of a learned message: where it is and whose. */
    record Image(String guildId, String messageId, String channelId, String authorId, String url, String filename) {
    }

    /** Remembers the images (a message learned again keeps its newest URL). */
    Uni<Void> saveImages(List<Image> images) {
        if (images.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("INSERT INTO discord.message_images (guild_id, message_id, channel_id, author_id,"
                + " url, filename) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
                + " $6::text[]) ON CONFLICT (guild_id, message_id) DO UPDATE SET url = excluded.url,"
                + " filename = excluded.filename").execute(Tuple.of(
                        images.stream().map(Image::guildId).toArray(String[]::new),
                        images.stream().map(Image::messageId).toArray(String[]::new),
                        images.stream().map(Image::channelId).toArray(String[]::new),
                        images.stream().map(Image::authorId).toArray(String[]::new),
                        images.stream().map(Image::url).toArray(String[]::new),
                        images.stream().map(Image::filename).toArray(String[]::new))).replaceWithVoid();
    }

    /** The image of the first of {@code messageIds} (in their order) that has one; null when none has. */
    Uni<Image> image(String guildId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("SELECT i.message_id, i.channel_id, i.author_id, i.url, i.filename"
                + " FROM unnest($2::text[]) WITH ORDINALITY AS s(id, n)"
                + " JOIN discord.message_images i ON i.guild_id = $1 AND i.message_id = s.id ORDER BY s.n LIMIT 1")
                .execute(Tuple.of(guildId, messageIds.toArray(String[]::new))).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Image(guildId, r.getString("message_id"), r.getString("channel_id"),
                            r.getString("author_id"), r.getString("url"), r.getString("filename"));
                });
    }

    /** Forgets the images of these messages (deleted from Discord). */
    Uni<Void> forgetImages(String guildId, List<String> messageIds) {
        return pool.preparedQuery("DELETE FROM discord.message_images WHERE guild_id = $1 AND message_id = ANY($2)")
                .execute(Tuple.of(guildId, messageIds.toArray(String[]::new))).replaceWithVoid();
    }

    /** Forgets one member's images ({@code /forget me}), or every image of the guild when {@code authorId} is null. */
    Uni<Void> forgetImagesOf(String guildId, String authorId) {
        return (authorId == null
                ? pool.preparedQuery("DELETE FROM discord.message_images WHERE guild_id = $1").execute(
                        Tuple.of(guildId))
                : pool.preparedQuery("DELETE FROM discord.message_images WHERE guild_id = $1 AND author_id = $2")
                        .execute(Tuple.of(guildId, authorId))).replaceWithVoid();
    }

    // ---- backfill cursors -----------------------------------------------------------------------------------

    Uni<List<Cursor>> cursors(String guildId) {
        return pool.preparedQuery("SELECT guild_id, channel_id, before_id, messages, pages, done, problem,"
                + " report_channel_id"
                + " FROM discord.backfill WHERE guild_id = $1 ORDER BY channel_id").execute(Tuple.of(guildId))
                .map(DiscordStore::cursors);
    }

    /** Guilds with a backfill that has not finished every channel. */
    Uni<List<String>> unfinishedGuilds() {
        return pool.query("SELECT DISTINCT guild_id FROM discord.backfill WHERE NOT done ORDER BY guild_id").execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    Uni<Void> save(Cursor cursor, Instant now) {
        return pool.preparedQuery("INSERT INTO discord.backfill (guild_id, channel_id, before_id, messages, pages,"
                + " done, problem, report_channel_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                + " ON CONFLICT (guild_id, channel_id) DO UPDATE SET before_id = $3, messages = $4, pages = $5,"
                + " done = $6, problem = $7, report_channel_id = $8, updated_at = $9").execute(Tuple.from(
                        Arrays.asList(cursor.guildId(), cursor.channelId(), cursor.beforeId(), cursor.messages(),
                                cursor.pages(), cursor.done(), cursor.problem(), cursor.reportChannelId(),
                                utc(now)))).replaceWithVoid();
    }

    /** Starts the guild's backfill over: every cursor removed. */
    Uni<Void> resetCursors(String guildId) {
        return pool.preparedQuery("DELETE FROM discord.backfill WHERE guild_id = $1").execute(Tuple.of(guildId))
                .replaceWithVoid();
    }

    // ---- rows -----------------------------------------------------------------------------------------------

    private static Tuple values(String guildId, GuildSettings s, Instant now) {
        return Tuple.from(Arrays.asList(guildId, array(s.listenChannels()), array(s.autoChannels()), s.replyChance(),
                s.imageChance(), s.cooldownSeconds(), s.postEveryMessages(), s.postEveryMinutes(), s.attachImages(),
                array(s.generateRoles()), array(s.moderatorRoles()), s.leftAt() == null ? null : utc(s.leftAt()),
                utc(now)));
    }

    private static GuildSettings settings(Row r) {
        OffsetDateTime left = r.getOffsetDateTime("left_at");
        return new GuildSettings(set(r.getArrayOfStrings("listen_channels")), set(r.getArrayOfStrings(
                "auto_channels")), r.getDouble("reply_chance"), r.getDouble("image_chance"),
                r.getInteger("cooldown_seconds"), r.getInteger("post_every_messages"),
                r.getInteger("post_every_minutes"), r.getBoolean("attach_images"), set(r.getArrayOfStrings("generate_roles")), set(r.getArrayOfStrings("moderator_roles")),
                left == null ? null : left.toInstant());
    }

    private static List<Cursor> cursors(RowSet<Row> rows) {
        List<Cursor> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(new Cursor(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                    r.getBoolean(5), r.getString(6), r.getString(7)));
        }
        return list;
    }

    private static String[] array(Set<String> ids) {
        return ids.stream().sorted().toArray(String[]::new);
    }

    private static Set<String> set(String[] ids) {
        return ids == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(ids));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
