-- Schema version 1 of the DTFx SQLite provider. Times are UTC ticks (INTEGER): exact, indexable comparisons.
-- Several task hubs may share one file: every key starts with the hub.

CREATE TABLE instances (
    hub                TEXT    NOT NULL,
    instance_id        TEXT    NOT NULL,
    execution_id       TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    version            TEXT,
    status             INTEGER NOT NULL,            -- DurableTask.Core.OrchestrationStatus
    created_at         INTEGER NOT NULL,
    last_updated_at    INTEGER NOT NULL,
    completed_at       INTEGER,
    scheduled_start_at INTEGER,
    input              TEXT,
    output             TEXT,
    custom_status      TEXT,
    failure_json       TEXT,                        -- FailureDetails, Newtonsoft
    tags_json          TEXT,
    parent_json        TEXT,                        -- ParentInstance, Newtonsoft
    history_count      INTEGER NOT NULL DEFAULT 0,  -- rows of the current execution in history
    lock_token         TEXT,                        -- per acquisition; the fence of every write by a lock holder
    lock_owner         TEXT,                        -- the holding process (owners.owner)
    lock_expires       INTEGER NOT NULL DEFAULT 0,
    dequeue_count      INTEGER NOT NULL DEFAULT 0,  -- locks since the last successful checkpoint (poison)
    -- The earliest visible_at of the inbox (NULL when empty): "the next instance with work" is one indexed lookup.
    next_visible_at    INTEGER,
    PRIMARY KEY (hub, instance_id)
) WITHOUT ROWID;

CREATE INDEX ix_instances_ready ON instances (hub, next_visible_at) WHERE next_visible_at IS NOT NULL;
CREATE INDEX ix_instances_created ON instances (hub, created_at, instance_id);
CREATE INDEX ix_instances_owner ON instances (lock_owner) WHERE lock_owner IS NOT NULL;

-- The current execution's events, appended by checkpoints; a new execution (continue-as-new, rewind) rewrites them.
-- The primary key is also the split-brain fence: two holders can never write the same seq.
CREATE TABLE history (
    hub          TEXT    NOT NULL,
    instance_id  TEXT    NOT NULL,
    execution_id TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    event_type   INTEGER NOT NULL,                  -- DurableTask.Core.History.EventType
    event_json   TEXT    NOT NULL,                  -- HistoryEvent, Newtonsoft with type names
    PRIMARY KEY (hub, instance_id, execution_id, seq)
) WITHOUT ROWID;

-- Messages for instances: starts, events, activity results, timers (visible at FireAt), sub-orchestration replies.
CREATE TABLE inbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- FIFO order and the handle a checkpoint deletes by
    hub          TEXT    NOT NULL,
    instance_id  TEXT    NOT NULL,
    execution_id TEXT,
    event_type   INTEGER NOT NULL,
    visible_at   INTEGER NOT NULL,
    message_json TEXT    NOT NULL                   -- TaskMessage, Newtonsoft with type names
);

CREATE INDEX ix_inbox_instance ON inbox (hub, instance_id, id);
CREATE INDEX ix_inbox_visible ON inbox (hub, instance_id, visible_at);

-- Activity requests, a queue whose visible_at doubles as the lease expiry while locked.
CREATE TABLE activities (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    hub            TEXT    NOT NULL,
    instance_id    TEXT    NOT NULL,
    execution_id   TEXT    NOT NULL,
    task_id        INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    visible_at     INTEGER NOT NULL,
    lock_token     TEXT,
    lock_owner     TEXT,
    delivery_count INTEGER NOT NULL DEFAULT 0,
    message_json   TEXT    NOT NULL                 -- TaskMessage (TaskScheduledEvent)
);

CREATE INDEX ix_activities_visible ON activities (hub, visible_at);
CREATE INDEX ix_activities_instance ON activities (hub, instance_id);
CREATE INDEX ix_activities_owner ON activities (lock_owner) WHERE lock_owner IS NOT NULL;

-- Processes that may hold locks on this file, so a dead one's locks can be taken at once on the same host.
CREATE TABLE owners (
    owner         TEXT    NOT NULL PRIMARY KEY,     -- host/pid/start
    host          TEXT    NOT NULL,
    registered_at INTEGER NOT NULL
) WITHOUT ROWID;
