-- RegionalGoodWork: PostgreSQL schema for the Orleans ADO.NET providers (grain state,
-- clustering, reminders). Written for this project against the provider contract
-- (../shared/orleans-adonet-contract.md). Idempotent: the host applies it at every start,
-- under an advisory lock so that several silos starting together do not race.
-- The query texts the providers execute live beside this file, one file per key, in queries/.

-- The providers read their SQL from this table (name and columns fixed by Orleans).
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Grain state: one row per grain, with a real primary key on the full identity
-- (the hashes are kept for diagnostics, never trusted for identity).
CREATE TABLE IF NOT EXISTS rgw_grain_state (
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_key       text        NOT NULL DEFAULT '',
    grain_n0        bigint      NOT NULL DEFAULT 0,
    grain_n1        bigint      NOT NULL DEFAULT 0,
    grain_type_hash integer     NOT NULL,
    grain_id_hash   integer     NOT NULL,
    payload         bytea       NULL,
    version         integer     NOT NULL,
    written_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_rgw_grain_state PRIMARY KEY (service_id, grain_type, grain_key, grain_n0, grain_n1)
);

-- Cluster membership: one version row per deployment and one row per silo incarnation.
CREATE TABLE IF NOT EXISTS rgw_cluster_version (
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rgw_cluster_silo (
    deployment_id   text        NOT NULL REFERENCES rgw_cluster_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT pk_rgw_cluster_silo PRIMARY KEY (deployment_id, address, port, generation)
);

-- Durable reminders.
CREATE TABLE IF NOT EXISTS rgw_reminder (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT pk_rgw_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS ix_rgw_reminder_hash ON rgw_reminder (service_id, grain_hash);
