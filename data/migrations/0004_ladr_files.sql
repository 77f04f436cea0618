-- Which LADR an imported file became, so that importing the same folder
-- again updates those records instead of creating new ones. Path is the
-- file's slash-separated path relative to the imported folder.
CREATE TABLE ladr_files (
    path    TEXT PRIMARY KEY,
    ladr_id TEXT NOT NULL REFERENCES ladrs (id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ladr_files_ladr ON ladr_files (ladr_id);
