-- kaigi core schema. Append-only: never edit a migration once released;
-- add a new numbered file instead.

-- The change journal: one row per local change. A row's revision is the
-- sequence number of its latest change, so "what changed since N" is
-- a range scan here or on any table's revision column.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL CHECK (entity IN ('person','series','meeting','agenda','decision','task','ladr')),
    entity_id  TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('create','update','delete','restore')),
    origin     TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX changes_entity ON changes (entity, entity_id);

CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    revision   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX people_email ON people (email) WHERE email IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE series (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    schedule   TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    revision   INTEGER NOT NULL
) STRICT;

CREATE TABLE series_attendees (
    series_id TEXT NOT NULL REFERENCES series (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (series_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    series_id  TEXT NOT NULL REFERENCES series (id),
    starts_at  TEXT NOT NULL,
    title      TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL CHECK (state IN ('planned','held')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    revision   INTEGER NOT NULL
) STRICT;
-- One meeting per slot: the backstop that makes "open next meeting" idempotent.
CREATE UNIQUE INDEX meetings_slot ON meetings (series_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE meeting_attendees (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id  TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (meeting_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE agendas (
    id          TEXT PRIMARY KEY,
    series_id   TEXT NOT NULL REFERENCES series (id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    owner_id    TEXT REFERENCES people (id),
    priority    INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    state       TEXT NOT NULL CHECK (state IN ('open','resolved','dropped')),
    resolved_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    revision    INTEGER NOT NULL
) STRICT;
-- Carry-forward reads the open agendas of one series in priority order.
CREATE INDEX agendas_open ON agendas (series_id, state, priority, created_at) WHERE deleted_at IS NULL;

-- An agenda as discussed in one meeting.
CREATE TABLE discussions (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_id  TEXT NOT NULL REFERENCES agendas (id),
    position   INTEGER NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    carried    INTEGER NOT NULL CHECK (carried IN (0, 1)),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, agenda_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX discussions_agenda ON discussions (agenda_id, meeting_id);

CREATE TABLE ladrs (
    id            TEXT PRIMARY KEY,
    number        INTEGER NOT NULL CHECK (number > 0),
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('draft','proposed','accepted','rejected','on-hold','superseded','deprecated')),
    date          TEXT NOT NULL,
    authors       TEXT NOT NULL DEFAULT '[]',
    context       TEXT NOT NULL DEFAULT '',
    specification TEXT NOT NULL DEFAULT '',
    decision      TEXT NOT NULL DEFAULT '',
    consequences  TEXT NOT NULL DEFAULT '',
    extra         TEXT NOT NULL DEFAULT '[]',
    meeting_id    TEXT REFERENCES meetings (id),
    agenda_id     TEXT REFERENCES agendas (id),
    pr_url        TEXT NOT NULL DEFAULT '',
    review_by     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    revision      INTEGER NOT NULL
) STRICT;
-- Numbers are never reused, not even by deleted records.
CREATE UNIQUE INDEX ladrs_number ON ladrs (number);

CREATE TABLE ladr_supersedes (
    ladr_id       TEXT NOT NULL REFERENCES ladrs (id),
    supersedes_id TEXT NOT NULL REFERENCES ladrs (id),
    PRIMARY KEY (ladr_id, supersedes_id),
    CHECK (ladr_id <> supersedes_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ladr_superseded_by ON ladr_supersedes (supersedes_id);

CREATE TABLE decisions (
    id            TEXT PRIMARY KEY,
    series_id     TEXT REFERENCES series (id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    agenda_id     TEXT REFERENCES agendas (id),
    meeting_id    TEXT REFERENCES meetings (id),
    decided_on    TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('active','superseded','reverted')),
    superseded_by TEXT REFERENCES decisions (id),
    review_by     TEXT,
    ladr_id       TEXT REFERENCES ladrs (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    revision      INTEGER NOT NULL
) STRICT;
CREATE INDEX decisions_agenda ON decisions (agenda_id);
CREATE INDEX decisions_meeting ON decisions (meeting_id);
CREATE INDEX decisions_ladr ON decisions (ladr_id);
CREATE INDEX decisions_recent ON decisions (decided_on DESC) WHERE deleted_at IS NULL;

CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    series_id   TEXT NOT NULL REFERENCES series (id),
    title       TEXT NOT NULL,
    assignee_id TEXT REFERENCES people (id),
    state       TEXT NOT NULL CHECK (state IN ('todo','doing','done','cancelled')),
    due         TEXT,
    agenda_id   TEXT REFERENCES agendas (id),
    meeting_id  TEXT REFERENCES meetings (id),
    done_at     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    revision    INTEGER NOT NULL
) STRICT;
CREATE INDEX tasks_open ON tasks (series_id, state) WHERE deleted_at IS NULL;
CREATE INDEX tasks_assignee ON tasks (assignee_id, state) WHERE deleted_at IS NULL;
CREATE INDEX tasks_agenda ON tasks (agenda_id);

-- Login credentials for people who use the web app, server-side sessions
-- and API tokens. Only hashes of secrets are stored.
CREATE TABLE users (
    person_id     TEXT PRIMARY KEY REFERENCES people (id),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES users (person_id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES users (person_id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;

-- Full-text search over titles and bodies. FTS5 sees tokens made in Go
-- (words for Latin script, single characters and overlapping bigrams for
-- CJK), so a query for 採用 finds 状態管理にはFlowを採用する; the original
-- text is kept beside them to check candidates and show snippets.
-- search_docs maps records to FTS rowids, so updating one record's entry
-- is a key lookup rather than a scan of the index.
CREATE TABLE search_docs (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    UNIQUE (entity, entity_id)
) STRICT;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title UNINDEXED,
    body UNINDEXED,
    title_tokens,
    body_tokens,
    tokenize = 'unicode61 remove_diacritics 2'
);
