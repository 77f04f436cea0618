-- The words a series says its priorities in (issue 19): levels (高/中/低/最低,
-- High/Medium/Low/Lowest) or numbers (P1–P4).
ALTER TABLE series ADD COLUMN priority_words TEXT NOT NULL DEFAULT 'levels' CHECK (priority_words IN ('levels', 'numbers'));
