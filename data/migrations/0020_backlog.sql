-- Agenda backlog and standing items (issue 19).

-- Who proposed an agenda for the series (through the backlog); NULL for
-- agendas raised in a meeting or made before this migration.
ALTER TABLE agendas ADD COLUMN proposed_by TEXT REFERENCES people (id);
-- An agenda made from one of the series' standing items when a meeting
-- opened (1), so the next opening does not make a second one while it is
-- still open.
ALTER TABLE agendas ADD COLUMN standing INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1));

-- Items every meeting of a series starts with, in order (e.g. 先週のタスク確認).
CREATE TABLE series_standing_items (
    series_id TEXT NOT NULL REFERENCES series (id),
    position  INTEGER NOT NULL CHECK (position > 0),
    title     TEXT NOT NULL CHECK (title <> ''),
    PRIMARY KEY (series_id, position)
) STRICT, WITHOUT ROWID;
