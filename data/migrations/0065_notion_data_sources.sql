-- The data sources of each Notion database kaigi syncs (Notion API
-- 2025-09-03: a database holds one or more data sources, each its own table
-- of pages). kaigi syncs one of them, `mapped`; once a database has several,
-- its queries go to that source, so pages people keep in the others are left
-- alone. Kept by the sync, keyed by the database's ID without dashes.
CREATE TABLE notion_data_sources (
    database_id TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL, -- the order Notion lists the sources in
    mapped      INTEGER NOT NULL DEFAULT 0 CHECK (mapped IN (0, 1)),
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (database_id, source_id)
) STRICT;

CREATE UNIQUE INDEX notion_data_sources_one_mapped ON notion_data_sources (database_id) WHERE mapped = 1;
