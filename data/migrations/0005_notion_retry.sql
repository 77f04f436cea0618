-- Records whose last push to Notion failed. They are tried again every
-- cycle until they succeed, while the outbox cursor moves on past them, so
-- one broken record never holds back the others.
CREATE TABLE notion_retry (
    entity    TEXT NOT NULL,
    local_id  TEXT NOT NULL,
    error     TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    PRIMARY KEY (entity, local_id)
) STRICT;
