-- Issue 14: roles and settings of users, one-time invite and password-reset
-- links, private calendar-feed tokens, and the record of daily digests sent.
-- Secrets are stored as SHA-256 hashes only.

ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member'));
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
-- '' follows the browser's Accept-Language.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '' CHECK (lang IN ('', 'en', 'ja'));
-- '' is the server's zone.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN digest_mail INTEGER NOT NULL DEFAULT 0 CHECK (digest_mail IN (0, 1));
ALTER TABLE users ADD COLUMN digest_slack INTEGER NOT NULL DEFAULT 0 CHECK (digest_slack IN (0, 1));
ALTER TABLE users ADD COLUMN digest_hour INTEGER NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23);

-- The first user is the admin: on an existing database, the oldest one.
UPDATE users SET role = 'admin'
WHERE person_id = (SELECT person_id FROM users ORDER BY created_at, person_id LIMIT 1);

-- An invite (a new user) or a password reset (an existing one): a link
-- that works once, until it expires, is revoked or replaced.
CREATE TABLE account_links (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    token_hash TEXT NOT NULL UNIQUE,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    person_id  TEXT REFERENCES people (id),
    created_by TEXT NOT NULL REFERENCES people (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX account_links_pending ON account_links (kind, email) WHERE used_at IS NULL AND revoked_at IS NULL;

-- One private calendar address per user; rotating replaces the hash.
CREATE TABLE feed_tokens (
    person_id    TEXT PRIMARY KEY REFERENCES users (person_id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
) STRICT;

-- One row per person, local day and channel, claimed before the digest is
-- sent, so that a crash or a restart never sends it twice.
CREATE TABLE digests (
    person_id   TEXT NOT NULL REFERENCES people (id),
    day         TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('mail', 'slack')),
    state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'unknown')),
    attempts    INTEGER NOT NULL,
    tasks       INTEGER NOT NULL,
    claimed_at  TEXT NOT NULL,
    finished_at TEXT,
    error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, day, channel)
) STRICT, WITHOUT ROWID;
