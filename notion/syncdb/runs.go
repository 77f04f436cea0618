package syncdb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Run is the stored summary of one sync cycle.
type Run struct {
	ID         int64
	Trigger    string
	StartedAt  time.Time
	FinishedAt time.Time
	Pulled     int
	Pushed     int
	Created    int
	Trashed    int
	Conflicts  int
	Requests   int64
	Errors     []string // the problems the cycle met, as a person reads them
}

// SaveRun appends a cycle to the history.
func (d *DB) SaveRun(ctx context.Context, r Run) error {
	errs := r.Errors
	if errs == nil {
		errs = []string{}
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return fmt.Errorf("encode sync run errors: %w", err)
	}
	_, err = d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_runs (trigger, started_at, finished_at, pulled, pushed, created, trashed, conflicts, requests, errors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Trigger, fmtTime(r.StartedAt), fmtTime(r.FinishedAt), r.Pulled, r.Pushed,
		r.Created, r.Trashed, r.Conflicts, r.Requests, string(b))
	if err != nil {
		return fmt.Errorf("save sync run: %w", err)
	}
	return nil
}

// Runs lists the latest cycles, newest first.
func (d *DB) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT id, trigger, started_at, finished_at, pulled, pushed, created, trashed, conflicts, requests, errors
		FROM notion_runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list sync runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, errs string
		if err := rows.Scan(&r.ID, &r.Trigger, &started, &finished, &r.Pulled, &r.Pushed, &r.Created,
			&r.Trashed, &r.Conflicts, &r.Requests, &errs); err != nil {
			return nil, fmt.Errorf("scan sync run: %w", err)
		}
		r.StartedAt, _ = time.Parse(timeLayout, started)
		r.FinishedAt, _ = time.Parse(timeLayout, finished)
		if err := json.Unmarshal([]byte(errs), &r.Errors); err != nil {
			return nil, fmt.Errorf("read sync run errors: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
