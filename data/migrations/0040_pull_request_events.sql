-- Forge webhooks (GitHub pull_request and pull_request_review, GitLab
-- merge request hooks) arrive again and out of order. Each delivery is
-- remembered so a redelivery changes nothing, and each pull request's
-- newest applied state and update time, so an older event (an "opened"
-- redelivered after "merged") is never applied over a newer one.
CREATE TABLE webhook_deliveries (
    source      TEXT NOT NULL,
    delivery    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, delivery)
) STRICT, WITHOUT ROWID;

CREATE INDEX webhook_deliveries_age ON webhook_deliveries (received_at);

CREATE TABLE pull_request_states (
    pr_key     TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('open', 'closed', 'merged')),
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
