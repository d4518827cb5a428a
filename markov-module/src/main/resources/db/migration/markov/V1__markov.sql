-- Markov chains: the training messages are the source of truth; a per-scope snapshot of the built chain plus the
-- changes after it (messages with a larger seq, and forgotten messages) make a cold load fast. See ADR 0004.

CREATE SEQUENCE markov.change_seq;

CREATE TABLE markov.scope (
    scope       text PRIMARY KEY,
    state_size  int NOT NULL CHECK (state_size BETWEEN 1 AND 6),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE markov.message (
    scope       text NOT NULL REFERENCES markov.scope ON DELETE CASCADE,
    id          text NOT NULL,
    channel     text,
    author      text,
    content     text NOT NULL,
    created_at  timestamptz NOT NULL,
    seq         bigint NOT NULL DEFAULT nextval('markov.change_seq'),
    PRIMARY KEY (scope, id)
);
CREATE INDEX message_scope_seq ON markov.message (scope, seq);
CREATE INDEX message_scope_author ON markov.message (scope, author);
CREATE INDEX message_scope_channel ON markov.message (scope, channel);

-- A forgotten (deleted or edited) message's old content, until a snapshot newer than seq makes it unneeded.
CREATE TABLE markov.forgotten (
    seq         bigint PRIMARY KEY DEFAULT nextval('markov.change_seq'),
    scope       text NOT NULL,
    added_seq   bigint NOT NULL,
    content     text NOT NULL
);
CREATE INDEX forgotten_scope_seq ON markov.forgotten (scope, seq);

CREATE TABLE markov.snapshot (
    scope       text PRIMARY KEY REFERENCES markov.scope ON DELETE CASCADE,
    watermark   bigint NOT NULL,
    state_size  int NOT NULL,
    bytes       bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- The snapshot's bytes in parts of 512 KB: one huge bytea value streams slowly through the client.
CREATE TABLE markov.snapshot_part (
    scope       text NOT NULL REFERENCES markov.snapshot ON DELETE CASCADE,
    part        int NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (scope, part)
);
-- The snapshot is already compact binary; skip pglz so writes and cold loads do not pay for compression.
ALTER TABLE markov.snapshot_part ALTER COLUMN data SET STORAGE EXTERNAL;
