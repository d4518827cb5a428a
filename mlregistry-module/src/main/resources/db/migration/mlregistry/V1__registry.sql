-- Model registry: models, versions, tags, aliases. Timestamps are timestamptz; the APIs show epoch milliseconds.
CREATE TABLE registered_model (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 256),
    description  text,
    owner        text,
    last_version integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX registered_model_created ON registered_model (created_at);

CREATE TABLE registered_model_tag (
    model_id bigint NOT NULL REFERENCES registered_model (id) ON DELETE CASCADE,
    key      text   NOT NULL,
    value    text   NOT NULL,
    PRIMARY KEY (model_id, key)
);
CREATE INDEX registered_model_tag_lookup ON registered_model_tag (key, value);

CREATE TABLE model_version (
    model_id        bigint      NOT NULL REFERENCES registered_model (id) ON DELETE CASCADE,
    version         integer     NOT NULL CHECK (version > 0),
    source          text,
    run_id          text,
    run_link        text,
    status          text        NOT NULL CHECK (status IN ('PENDING_REGISTRATION', 'READY', 'FAILED_REGISTRATION')),
    status_message  text,
    description     text,
    framework       text,
    metrics         jsonb       NOT NULL DEFAULT '{}',
    hyperparameters jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (model_id, version)
);
CREATE INDEX model_version_run ON model_version (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX model_version_created ON model_version (created_at);

CREATE TABLE model_version_tag (
    model_id bigint  NOT NULL,
    version  integer NOT NULL,
    key      text    NOT NULL,
    value    text    NOT NULL,
    PRIMARY KEY (model_id, version, key),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version) ON DELETE CASCADE
);
CREATE INDEX model_version_tag_lookup ON model_version_tag (key, value);

CREATE TABLE model_alias (
    model_id bigint  NOT NULL,
    alias    text    NOT NULL CHECK (alias ~ '^[A-Za-z_][A-Za-z0-9_-]{0,255}$'),
    version  integer NOT NULL,
    PRIMARY KEY (model_id, alias),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version) ON DELETE CASCADE
);

-- Prediction performance. One row per prediction; labelled rows carry actual and/or correct.
CREATE TABLE prediction (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id     bigint           NOT NULL,
    version      integer          NOT NULL,
    predicted_at timestamptz      NOT NULL,
    predicted    text             NOT NULL,
    confidence   double precision CHECK (confidence >= 0 AND confidence <= 1),
    actual       text,
    correct      boolean,
    features     jsonb,
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version) ON DELETE CASCADE
);
-- Recent predictions of a version, newest first.
CREATE INDEX prediction_recent ON prediction (model_id, version, id DESC);
-- Accuracy over the last N labelled predictions: an index-only scan over N entries.
CREATE INDEX prediction_labelled ON prediction (model_id, version, id DESC) INCLUDE (correct, predicted_at)
    WHERE correct IS NOT NULL;

CREATE TABLE confidence_baseline (
    model_id   bigint           NOT NULL,
    version    integer          NOT NULL,
    mean       double precision NOT NULL,
    stddev     double precision NOT NULL CHECK (stddev >= 0),
    count      bigint           NOT NULL CHECK (count > 0),
    updated_at timestamptz      NOT NULL,
    PRIMARY KEY (model_id, version),
    FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version) ON DELETE CASCADE
);

CREATE TABLE ab_test (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text             NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 256),
    model_id      bigint           NOT NULL REFERENCES registered_model (id) ON DELETE CASCADE,
    version_a     integer          NOT NULL,
    version_b     integer          NOT NULL CHECK (version_b <> version_a),
    traffic_to_b  double precision NOT NULL CHECK (traffic_to_b >= 0 AND traffic_to_b <= 1),
    status        text             NOT NULL CHECK (status IN ('RUNNING', 'STOPPED')),
    winner        integer,
    created_at    timestamptz      NOT NULL,
    stopped_at    timestamptz,
    FOREIGN KEY (model_id, version_a) REFERENCES model_version (model_id, version) ON DELETE CASCADE,
    FOREIGN KEY (model_id, version_b) REFERENCES model_version (model_id, version) ON DELETE CASCADE
);
