-- Pages kaigi asked Notion to create and whose answer it has not stored
-- yet, with what each new page holds. When the answer is lost (a crash, a
-- timeout), the page found later by its kaigi ID is merged against these
-- values: edits people made to it in Notion meanwhile are then edits, not
-- the base.
CREATE TABLE notion_creates (
    entity   TEXT NOT NULL,
    local_id TEXT NOT NULL,
    base     TEXT NOT NULL,
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (entity, local_id)
) STRICT;
