-- The periodic post by time (markov-discord #1): on the first human message once this many minutes have passed since
-- the channel's last unprompted post; 0: never.
ALTER TABLE guild_settings
    ADD COLUMN post_every_minutes integer NOT NULL DEFAULT 0 CHECK (post_every_minutes >= 0 AND post_every_minutes <= 10080);
