-- Writes kaigi sent to Notion whose answer it has not stored yet: the page
-- (empty for a create) and what the page holds if the write was applied.
-- When the answer is lost (a crash, a timeout), the next merge of the page
-- judges each written field by it instead of taking the old base, or the
-- page itself, as the base: edits people made in Notion meanwhile stay
-- edits.
CREATE TABLE notion_sent (
    entity   TEXT NOT NULL,
    local_id TEXT NOT NULL,
    page_id  TEXT NOT NULL,
    base     TEXT NOT NULL,
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (entity, local_id)
) STRICT;
