-- LADR folders as they are. A record imported from or written to a file
-- keeps that file as its identity: the folder (a key that names the same
-- folder in every checkout: the repository's origin URL and the folder's
-- path inside it, or its absolute path outside git), the file's name in
-- it, the file's bytes as kaigi last read or wrote them, and the record as
-- it was then (JSON), so that an export writes only what changed in kaigi
-- since and an import applies only what changed in the file.
CREATE TABLE ladr_file_links (
    folder    TEXT NOT NULL,
    path      TEXT NOT NULL,
    ladr_id   TEXT NOT NULL REFERENCES ladrs (id),
    content   BLOB NOT NULL,
    base      TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (folder, path)
) STRICT;
CREATE UNIQUE INDEX ladr_file_links_record ON ladr_file_links (folder, ladr_id);
CREATE INDEX ladr_file_links_ladr ON ladr_file_links (ladr_id);

-- Mappings made before folders were told apart keep working: their folder
-- is '' and they carry no bytes, so the next import or export treats the
-- file as never synced and compares record and file field by field. A
-- record that had several files keeps the first by name.
INSERT OR IGNORE INTO ladr_file_links (folder, path, ladr_id, content, base, synced_at)
    SELECT '', path, ladr_id, X'', '', '' FROM ladr_files ORDER BY path;
DROP TABLE ladr_files;

-- What kaigi learned about each folder's convention (file naming, metadata
-- style, headings, status words, template), as JSON owned by package ladr.
CREATE TABLE ladr_folders (
    folder     TEXT PRIMARY KEY,
    convention TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
