-- Posting a meeting's minutes to the team's Slack-compatible webhook when
-- it is marked held: which series asked for it, and every post, claimed
-- before it is sent. A post is keyed by the minutes' text, so holding a
-- meeting again after a reopen posts again only when its minutes changed.
CREATE TABLE minutes_post_series (
    series_id  TEXT PRIMARY KEY REFERENCES series (id),
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE minutes_posts (
    meeting_id  TEXT NOT NULL REFERENCES meetings (id),
    text_hash   TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'unknown')),
    claimed_at  TEXT NOT NULL,
    finished_at TEXT,
    error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, text_hash)
) STRICT, WITHOUT ROWID;

CREATE INDEX minutes_posts_by_time ON minutes_posts (claimed_at);
