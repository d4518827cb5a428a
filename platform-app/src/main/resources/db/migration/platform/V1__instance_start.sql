-- Every start of every Corvid instance: lets operators see restarts and rolled-out versions.
CREATE TABLE instance_start (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance   text        NOT NULL,
    version    text        NOT NULL,
    database   text        NOT NULL CHECK (database IN ('embedded', 'external')),
    started_at timestamptz NOT NULL
);

CREATE INDEX instance_start_started_at ON instance_start (started_at DESC);
