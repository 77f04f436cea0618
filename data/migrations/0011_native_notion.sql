-- Meetings end (optional: a meeting first made in Notion keeps what its page
-- says), and the Notion sync's state for issue 15: who last edited a linked
-- page and when kaigi last confirmed it, retries with backoff, and the
-- problems a person may act on.
ALTER TABLE meetings ADD COLUMN ends_at TEXT;

-- remote_by: the user who last edited the page when kaigi last saw it (the
-- integration itself after kaigi's own write). confirmed_at: when a query or
-- a read last showed the page, for the rotating confirmation of trash.
ALTER TABLE notion_links ADD COLUMN remote_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notion_links ADD COLUMN confirmed_at TEXT NOT NULL DEFAULT '';
CREATE INDEX notion_links_confirmed ON notion_links (entity, confirmed_at);

-- A failed push is tried again after a backoff that grows with its attempts.
ALTER TABLE notion_retry ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE notion_retry ADD COLUMN retry_at TEXT NOT NULL DEFAULT '';

-- One row per standing problem (a page whose value kaigi cannot map, a person
-- without a Notion account, a database Notion cannot serve...), kept once
-- however many cycles meet it, with what to do about it. A problem about a
-- field of a record holds that field (entity, local_id, field): it is neither
-- pulled nor pushed until the problem clears, while the record's other fields
-- sync. waiting lists the pages whose relations wait for this page's record.
CREATE TABLE notion_problems (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    entity     TEXT NOT NULL DEFAULT '',
    local_id   TEXT NOT NULL DEFAULT '',
    page_id    TEXT NOT NULL DEFAULT '',
    field      TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    message    TEXT NOT NULL,
    fix        TEXT NOT NULL DEFAULT '',
    edited     TEXT NOT NULL DEFAULT '',
    waiting    TEXT NOT NULL DEFAULT '[]',
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 1,
    retry_at   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX notion_problems_record ON notion_problems (entity, local_id) WHERE local_id <> '';
CREATE INDEX notion_problems_page ON notion_problems (page_id) WHERE page_id <> '';
