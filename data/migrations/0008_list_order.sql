-- Every list is read in the order of one text key per row, kept in indexes
-- that start with the list's filter, so a page costs what it shows: the
-- database walks the index from the cursor (the last key of the previous
-- page) and stops at the page size, with no sort of the table. The keys
-- are generated columns, always true to the row; listkey.go computes the
-- same keys in Go for cursors.

-- Tasks: open (todo, doing) before closed, earliest due first, no due date
-- last, then by creation.
ALTER TABLE tasks ADD COLUMN list_key TEXT GENERATED ALWAYS AS (
    CASE WHEN state IN ('todo', 'doing') THEN '0' ELSE '1' END || ' ' || coalesce(due, '~') || ' ' || created_at || ' ' || id
) VIRTUAL;
CREATE INDEX tasks_list ON tasks (list_key) WHERE deleted_at IS NULL;
CREATE INDEX tasks_series_list ON tasks (series_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX tasks_assignee_list ON tasks (assignee_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX tasks_agenda_list ON tasks (agenda_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX tasks_meeting_list ON tasks (meeting_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX tasks_state_list ON tasks (state, list_key) WHERE deleted_at IS NULL;
DROP INDEX tasks_assignee;

-- Agendas: open before closed, then by priority and creation.
ALTER TABLE agendas ADD COLUMN list_key TEXT GENERATED ALWAYS AS (
    CASE WHEN state = 'open' THEN '0' ELSE '1' END || ' ' || priority || ' ' || created_at || ' ' || id
) VIRTUAL;
CREATE INDEX agendas_list ON agendas (list_key) WHERE deleted_at IS NULL;
CREATE INDEX agendas_series_list ON agendas (series_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX agendas_state_list ON agendas (state, list_key) WHERE deleted_at IS NULL;

-- Decisions: newest first (read in descending key order).
ALTER TABLE decisions ADD COLUMN list_key TEXT GENERATED ALWAYS AS (
    decided_on || ' ' || created_at || ' ' || id
) VIRTUAL;
CREATE INDEX decisions_list ON decisions (list_key) WHERE deleted_at IS NULL;
CREATE INDEX decisions_series_list ON decisions (series_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX decisions_meeting_list ON decisions (meeting_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX decisions_agenda_list ON decisions (agenda_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX decisions_ladr_list ON decisions (ladr_id, list_key) WHERE deleted_at IS NULL;
CREATE INDEX decisions_state_list ON decisions (state, list_key) WHERE deleted_at IS NULL;

-- Meetings: newest first (descending).
ALTER TABLE meetings ADD COLUMN list_key TEXT GENERATED ALWAYS AS (starts_at || ' ' || id) VIRTUAL;
CREATE INDEX meetings_list ON meetings (list_key) WHERE deleted_at IS NULL;
CREATE INDEX meetings_series_list ON meetings (series_id, list_key) WHERE deleted_at IS NULL;

-- A meeting's agendas are listed by position, each with the start times
-- of the meetings it was on (carry count, age) read from an index alone.
CREATE INDEX discussions_position ON discussions (meeting_id, position, agenda_id);
CREATE INDEX meetings_start ON meetings (id, starts_at);

-- LADRs are listed by number; series and people by name.
CREATE INDEX ladrs_list ON ladrs (number) WHERE deleted_at IS NULL;
CREATE INDEX ladrs_state_list ON ladrs (state, number) WHERE deleted_at IS NULL;
CREATE INDEX series_list ON series (name, id) WHERE deleted_at IS NULL;
CREATE INDEX people_list ON people (name, id) WHERE deleted_at IS NULL;
