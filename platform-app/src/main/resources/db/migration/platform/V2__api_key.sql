-- API keys created at run time (the first-run admin key, `./corvid key create`). Only a SHA-256 digest of each key
-- is kept; the key itself is shown once, when it is made. Revoked keys stay for the record.
CREATE TABLE api_key (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    digest     text        NOT NULL UNIQUE CHECK (digest ~ '^[0-9a-f]{64}$'),
    role       text        NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
