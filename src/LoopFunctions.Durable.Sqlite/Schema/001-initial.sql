-- Schema version 1. Times are UTC ticks (INTEGER) so comparisons are exact and indexable.
-- Several task hubs may share one file: every table is keyed by hub first.

CREATE TABLE instances (
    hub                TEXT    NOT NULL,
    instance_id        TEXT    NOT NULL,
    execution_id       TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    status             INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    last_updated_at    INTEGER NOT NULL,
    scheduled_start_at INTEGER,
    input              TEXT,
    output             TEXT,
    custom_status      TEXT,
    failure            TEXT,
    parent_instance_id TEXT,
    history_count      INTEGER NOT NULL DEFAULT 0,
    lock_token         TEXT,
    lock_expires       INTEGER NOT NULL DEFAULT 0,
    -- The earliest visible_at of the instance's inbox, NULL when it is empty: "lock the next instance with work"
    -- is then one indexed lookup instead of a scan of every inbox message.
    next_visible_at    INTEGER,
    PRIMARY KEY (hub, instance_id)
) WITHOUT ROWID;

CREATE INDEX ix_instances_ready ON instances (hub, next_visible_at);
CREATE INDEX ix_instances_created ON instances (hub, created_at, instance_id);

-- Append-only: an episode inserts its new events, never rewrites old ones (continue-as-new deletes them all).
CREATE TABLE history (
    hub         TEXT    NOT NULL,
    instance_id TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    event       TEXT    NOT NULL,
    PRIMARY KEY (hub, instance_id, seq)
) WITHOUT ROWID;

CREATE TABLE inbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    hub          TEXT    NOT NULL,
    instance_id  TEXT    NOT NULL,
    execution_id TEXT,
    visible_at   INTEGER NOT NULL,
    event        TEXT    NOT NULL
);

CREATE INDEX ix_inbox_instance ON inbox (hub, instance_id, visible_at);

-- visible_at doubles as the lease: locking a request moves it to the lease's expiry, like a queue's visibility timeout.
CREATE TABLE activities (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    hub            TEXT    NOT NULL,
    instance_id    TEXT    NOT NULL,
    execution_id   TEXT    NOT NULL,
    task_id        INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    input          TEXT,
    visible_at     INTEGER NOT NULL,
    lock_token     TEXT,
    delivery_count INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX ix_activities_visible ON activities (hub, visible_at);
CREATE INDEX ix_activities_instance ON activities (hub, instance_id);
