-- RegionalGoodWork: SQLite schema for the embedded one-machine mode (grain state and reminders).
-- Written for this project against the Orleans ADO.NET provider contract. Idempotent.
-- Clustering is not stored in SQLite: one machine runs one silo (localhost clustering).
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS rgw_grain_state (
    service_id      TEXT    NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_key       TEXT    NOT NULL DEFAULT '',
    grain_n0        INTEGER NOT NULL DEFAULT 0,
    grain_n1        INTEGER NOT NULL DEFAULT 0,
    grain_type_hash INTEGER NOT NULL,
    grain_id_hash   INTEGER NOT NULL,
    payload         BLOB    NULL,
    version         INTEGER NOT NULL,
    written_at      TEXT    NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, grain_n0, grain_n1)
);

CREATE TABLE IF NOT EXISTS rgw_reminder (
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period_ms     INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS ix_rgw_reminder_hash ON rgw_reminder (service_id, grain_hash);
