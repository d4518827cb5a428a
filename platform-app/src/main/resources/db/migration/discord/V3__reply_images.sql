-- Replies may carry an image from one of their source messages (per guild, off by default).
ALTER TABLE guild_settings ADD COLUMN attach_images boolean NOT NULL DEFAULT false;

-- The first image of each learned message that had one: where to fetch it (Discord's CDN links expire; a stale one is
-- replaced by re-reading the message) and whose it is (/forget me removes them with the messages).
CREATE TABLE message_images (
    guild_id   text NOT NULL,
    message_id text NOT NULL,
    channel_id text NOT NULL,
    author_id  text NOT NULL,
    url        text NOT NULL,
    filename   text NOT NULL,
    PRIMARY KEY (guild_id, message_id)
);
CREATE INDEX message_images_author ON message_images (guild_id, author_id);
