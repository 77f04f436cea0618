-- One Notion sync cycle at a time per database file, across processes (the
-- server's schedule, `kaigi sync`, a webhook's pull, a second server on the
-- same file): the cycle holds this one row's lease, renews it while it
-- runs and deletes it when done. A holder that crashed stops renewing, and
-- its lease is free once expires_at has passed.
CREATE TABLE notion_sync_lease (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    token      TEXT NOT NULL, -- the holder's random id, so only it renews or frees the lease
    owner      TEXT NOT NULL, -- who holds it, as a person reads it: command, host, pid
    started_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
