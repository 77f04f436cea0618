-- Notion sync state, owned by package notion.

-- One row per kaigi record linked to a Notion page: the page, the base (the
-- last synced value of every field, as JSON) and what the page looked like
-- when kaigi last saw it, so an unchanged page is recognised without reading
-- its blocks again.
CREATE TABLE notion_links (
    entity        TEXT NOT NULL,
    local_id      TEXT NOT NULL,
    page_id       TEXT NOT NULL UNIQUE,
    base          TEXT NOT NULL,
    remote_edited TEXT NOT NULL DEFAULT '',
    settled       INTEGER NOT NULL DEFAULT 0 CHECK (settled IN (0, 1)),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (entity, local_id)
) STRICT;

-- Small key/value state: outbox cursor, pull watermarks, webhook token.
CREATE TABLE notion_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Same-field conflicts, kept with both values until a person picks one.
CREATE TABLE notion_conflicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entity      TEXT NOT NULL,
    local_id    TEXT NOT NULL,
    field       TEXT NOT NULL,
    base_value  TEXT NOT NULL,
    local_value TEXT NOT NULL,
    notion_value TEXT NOT NULL,
    applied     TEXT NOT NULL CHECK (applied IN ('notion','kaigi')),
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolution  TEXT CHECK (resolution IN ('notion','kaigi'))
) STRICT;
CREATE INDEX notion_conflicts_open ON notion_conflicts (created_at) WHERE resolved_at IS NULL;

-- One row per sync cycle: its summary and the problems it met.
CREATE TABLE notion_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    trigger     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    pulled      INTEGER NOT NULL,
    pushed      INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    trashed     INTEGER NOT NULL,
    conflicts   INTEGER NOT NULL,
    requests    INTEGER NOT NULL,
    errors      TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- Webhook events already handled (Notion may deliver one twice), and the
-- pages they asked to pull.
CREATE TABLE notion_webhook_events (
    event_id    TEXT PRIMARY KEY,
    received_at TEXT NOT NULL
) STRICT;
CREATE TABLE notion_pending_pages (
    page_id     TEXT PRIMARY KEY,
    received_at TEXT NOT NULL
) STRICT;
