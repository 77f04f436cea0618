-- Minutes a team can trust (issue 10).

-- What happened to an agenda in one meeting: carried on (on the list,
-- still open, nothing noted), discussed (notes taken, still open),
-- resolved here, dropped here. Written when it happens in that meeting and
-- never by a later one, so a meeting's minutes stay as they were.
ALTER TABLE discussions ADD COLUMN outcome TEXT NOT NULL DEFAULT 'carried'
    CHECK (outcome IN ('discussed', 'carried', 'resolved', 'dropped'));
UPDATE discussions SET outcome = 'discussed' WHERE notes <> '';
-- A closed agenda was closed in the last meeting it was on.
UPDATE discussions SET outcome = (SELECT a.state FROM agendas a WHERE a.id = discussions.agenda_id)
WHERE (SELECT a.state FROM agendas a WHERE a.id = discussions.agenda_id) IN ('resolved', 'dropped')
  AND meeting_id = (SELECT substr(max(m.starts_at || m.id), 25) FROM discussions d JOIN meetings m ON m.id = d.meeting_id
                    WHERE d.agenda_id = discussions.agenda_id);

-- Who reopened a held meeting, and when.
CREATE TABLE meeting_reopens (
    id          INTEGER PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id),
    person_id   TEXT REFERENCES people (id),
    reopened_at TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_reopens_meeting ON meeting_reopens (meeting_id, id);

-- Slots of a schedule that the team skipped: the next meeting is never
-- opened there.
CREATE TABLE meeting_skips (
    series_id  TEXT NOT NULL REFERENCES series (id),
    starts_at  TEXT NOT NULL,
    skipped_at TEXT NOT NULL,
    PRIMARY KEY (series_id, starts_at)
) STRICT, WITHOUT ROWID;

-- Attendees are present unless marked absent.
ALTER TABLE meeting_attendees ADD COLUMN present INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1));

-- One-time submission keys: a create that carries a key already used by
-- the same person returns the record that key made. The primary key makes
-- a second record for one key impossible, whatever the timing.
CREATE TABLE idempotency_keys (
    person_id  TEXT NOT NULL,
    key        TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (person_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- The trash page lists each kind newest deletion first.
CREATE INDEX series_trash ON series (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX meetings_trash ON meetings (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX agendas_trash ON agendas (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX decisions_trash ON decisions (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX tasks_trash ON tasks (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX ladrs_trash ON ladrs (deleted_at, id) WHERE deleted_at IS NOT NULL;

-- Search hits name the meeting where the text was written. Meeting notes
-- and per-meeting discussion notes become searchable documents too; they
-- are indexed by Go code that runs with this migration (tokens are made in
-- Go), see migrate.go.
ALTER TABLE search_docs ADD COLUMN meeting_id TEXT;
UPDATE search_docs SET meeting_id = (SELECT meeting_id FROM decisions WHERE id = search_docs.entity_id) WHERE entity = 'decision';
UPDATE search_docs SET meeting_id = (SELECT meeting_id FROM tasks WHERE id = search_docs.entity_id) WHERE entity = 'task';
UPDATE search_docs SET meeting_id = (SELECT meeting_id FROM ladrs WHERE id = search_docs.entity_id) WHERE entity = 'ladr';
