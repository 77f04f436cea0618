-- The search index's vocabulary, one row per distinct token: a word typed
-- as a prefix is expanded to the few indexed words it starts, each matched
-- as an exact token, instead of an FTS5 prefix query (which builds the
-- whole list of matching records before the newest-first limit can stop).
CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, 'row');
