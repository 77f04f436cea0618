-- A record numbered 0 is real: MADR's own first record is
-- 0000-use-markdown-architectural-decision-records.md, and a team's folder
-- keeps it. 0001 said numbers start at 1, so an imported 0000 record got
-- the next free number and the next `ladr new` skipped one. SQLite cannot
-- change a CHECK in place: the table is copied aside, made again with
-- number >= 0, and filled back. Other tables refer to ladrs by id; their
-- references are checked at commit (deferred), when every row is back.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE ladrs_copy AS SELECT * FROM ladrs;
DROP TABLE ladrs;

CREATE TABLE ladrs (
    id            TEXT PRIMARY KEY,
    number        INTEGER NOT NULL CHECK (number >= 0),
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

INSERT INTO ladrs (id, number, slug, title, state, date, authors, context, specification, decision, consequences,
    extra, meeting_id, agenda_id, pr_url, review_by, created_at, updated_at, deleted_at, revision)
SELECT id, number, slug, title, state, date, authors, context, specification, decision, consequences,
    extra, meeting_id, agenda_id, pr_url, review_by, created_at, updated_at, deleted_at, revision
FROM temp.ladrs_copy;
DROP TABLE temp.ladrs_copy;

-- The indexes of 0001, 0008 and 0010, as they were.
CREATE UNIQUE INDEX ladrs_number ON ladrs (number);
CREATE INDEX ladrs_list ON ladrs (number) WHERE deleted_at IS NULL;
CREATE INDEX ladrs_state_list ON ladrs (state, number) WHERE deleted_at IS NULL;
CREATE INDEX ladrs_trash ON ladrs (deleted_at, id) WHERE deleted_at IS NOT NULL;
