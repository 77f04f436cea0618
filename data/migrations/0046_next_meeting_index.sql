-- A series' next meeting is its earliest live planned one (data/next.go).
-- Without this index finding it reads every meeting the series ever held:
-- 260 rows a series after five years of weekly meetings, on every page
-- that shows "next" (the series list asks once per series).
CREATE INDEX meetings_next ON meetings (series_id, starts_at) WHERE state = 'planned' AND deleted_at IS NULL;
