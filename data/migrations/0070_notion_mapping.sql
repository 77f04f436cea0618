-- A kaigi database's identity: a random id made once, when this migration
-- first runs on the file (a new database or an older one), and kept by its
-- backups and replicas, which are the same database. A Notion mapping, or a
-- mapping file, names it, so a mapping is never attached to another
-- database's file.
CREATE TABLE kaigi_identity (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    store_id TEXT NOT NULL CHECK (length(store_id) = 32)
) STRICT;
INSERT INTO kaigi_identity (id, store_id) VALUES (1, lower(hex(randomblob(16))));

-- The Notion mapping of this database (issue 24): which Notion database
-- each entity syncs with, the property and value maps, the language and
-- the winner, as notion.Config's JSON. It was the file kaigi-notion.json
-- beside the database, shared by every database in the folder. token_file
-- is where the integration's token was read from when the mapping was made
-- (a path, or ''), never the token. origin says how the mapping arrived:
-- init, adopt, migrate, or the file it was imported from.
CREATE TABLE notion_mapping (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    config     TEXT NOT NULL CHECK (json_valid(config)),
    token_file TEXT NOT NULL DEFAULT '',
    origin     TEXT NOT NULL,
    saved_at   TEXT NOT NULL
) STRICT;
