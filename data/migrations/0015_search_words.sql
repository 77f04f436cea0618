-- Every Latin word the search index holds, in a B-tree: a word typed as a
-- prefix is expanded to the few indexed words it starts (a range read
-- here), each matched as an exact token, instead of an FTS5 prefix query,
-- which builds the whole list of matching records before the newest-first
-- limit can stop. Words are only added; one no record holds any more
-- expands to a token that matches nothing.
CREATE TABLE search_words (
    word TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_index, 'row');
-- Below U+1100: Latin, Greek, Cyrillic and the like; CJK and Hangul are
-- searched by their characters and bigrams, never expanded.
INSERT INTO search_words (word) SELECT term FROM temp.search_vocab WHERE unicode(term) < 4352;
DROP TABLE temp.search_vocab;

-- The full-text index is rebuilt with each record's FTS rowid the negative
-- of its search_docs id, so that newest first is FTS5's ascending order:
-- FTS5 reads a term's list forwards lazily and stops at the limit, while
-- reading it backwards costs about twice as much at 100k records.
CREATE VIRTUAL TABLE search_index_desc USING fts5 (
    title UNINDEXED,
    body UNINDEXED,
    title_tokens,
    body_tokens,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index_desc (rowid, title, body, title_tokens, body_tokens)
    SELECT -rowid, title, body, title_tokens, body_tokens FROM search_index;
INSERT INTO search_index_desc (search_index_desc) VALUES ('optimize');
DROP TABLE search_index;
ALTER TABLE search_index_desc RENAME TO search_index;
