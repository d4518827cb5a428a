-- Per-guild settings of the Discord connector, edited with /settings or PUT /api/v1/discord/guilds/{id}/settings.
CREATE TABLE guild_settings (
    guild_id            text PRIMARY KEY,
    listen_channels     text[] NOT NULL DEFAULT '{}',
    auto_channels       text[] NOT NULL DEFAULT '{}',
    reply_chance        double precision NOT NULL CHECK (reply_chance >= 0 AND reply_chance <= 1),
    image_chance        double precision NOT NULL CHECK (image_chance >= 0 AND image_chance <= 1),
    cooldown_seconds    integer NOT NULL CHECK (cooldown_seconds >= 0),
    post_every_messages integer NOT NULL CHECK (post_every_messages >= 0),
    generate_roles      text[] NOT NULL DEFAULT '{}',
    moderator_roles     text[] NOT NULL DEFAULT '{}',
    left_at             timestamptz,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX guild_settings_left ON guild_settings (left_at) WHERE left_at IS NOT NULL;

-- Where /train stands in each listened channel: the oldest message read so far (history is read newest first).
CREATE TABLE backfill (
    guild_id    text NOT NULL,
    channel_id  text NOT NULL,
    before_id   text,
    messages    bigint NOT NULL DEFAULT 0,
    pages       bigint NOT NULL DEFAULT 0,
    done        boolean NOT NULL DEFAULT false,
    problem     text,
    report_channel_id text,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
