package syncdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Problem is one standing problem a person may act on: a page whose value
// kaigi cannot take, a person without a Notion account, a database Notion
// cannot serve. It is kept once, however many cycles meet it, until what
// caused it is gone. A problem naming a record's field (Entity, LocalID,
// Field) holds that field: the sync neither pulls nor pushes it meanwhile.
type Problem struct {
	Key       string // what it is about, e.g. "page:<id>:state"; one row per key
	Kind      string
	Entity    data.Entity
	LocalID   string
	PageID    string
	Field     string
	URL       string    // the page or database in Notion
	Message   string    // what is wrong
	Fix       string    // what to do about it
	Edited    time.Time // the page's last edit when the problem was met
	Waiting   []string  // pages whose relations wait for this page's record
	FirstSeen time.Time
	LastSeen  time.Time
	Attempts  int
	RetryAt   time.Time // tried again from then on; zero: whenever met
}

const problemColumns = "key, kind, entity, local_id, page_id, field, url, message, fix, edited, waiting, first_seen, last_seen, attempts, retry_at"

func scanProblem(row scanner) (Problem, error) {
	var p Problem
	var edited, waiting, first, last, retry string
	if err := row.Scan(&p.Key, &p.Kind, &p.Entity, &p.LocalID, &p.PageID, &p.Field, &p.URL, &p.Message, &p.Fix,
		&edited, &waiting, &first, &last, &p.Attempts, &retry); err != nil {
		return p, fmt.Errorf("read problem: %w", err)
	}
	if err := json.Unmarshal([]byte(waiting), &p.Waiting); err != nil {
		return p, fmt.Errorf("read problem: %w", err)
	}
	for _, t := range []struct {
		dst *time.Time
		v   string
	}{{&p.Edited, edited}, {&p.FirstSeen, first}, {&p.LastSeen, last}, {&p.RetryAt, retry}} {
		if t.v == "" {
			continue
		}
		var err error
		if *t.dst, err = parseTime("problem time", t.v); err != nil {
			return p, err
		}
	}
	return p, nil
}

func optFmt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtTime(t)
}

// RecordProblem keeps a problem: a new one (fresh is true) or one met again,
// whose attempts grow and whose text, retry time and waiting pages follow
// p. Attempts and FirstSeen of p are ignored.
func (d *DB) RecordProblem(ctx context.Context, p Problem, now time.Time) (fresh bool, err error) {
	err = d.Atomically(ctx, func(ctx context.Context) error {
		old, ok, err := d.Problem(ctx, p.Key)
		if err != nil {
			return err
		}
		fresh = !ok || old.Message != p.Message
		waiting := p.Waiting
		if ok {
			waiting = union(old.Waiting, p.Waiting)
		}
		if waiting == nil {
			waiting = []string{}
		}
		w, err := json.Marshal(waiting)
		if err != nil {
			return fmt.Errorf("encode problem: %w", err)
		}
		_, err = d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_problems (`+problemColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, entity = excluded.entity, local_id = excluded.local_id,
				page_id = excluded.page_id, field = excluded.field, url = excluded.url, message = excluded.message, fix = excluded.fix,
				edited = excluded.edited, waiting = excluded.waiting, last_seen = excluded.last_seen,
				attempts = notion_problems.attempts + 1, retry_at = excluded.retry_at`,
			p.Key, p.Kind, p.Entity, p.LocalID, p.PageID, p.Field, p.URL, p.Message, p.Fix, optFmt(p.Edited), string(w),
			fmtTime(now), fmtTime(now), optFmt(p.RetryAt))
		if err != nil {
			return fmt.Errorf("keep problem %s: %w", p.Key, err)
		}
		return nil
	})
	return fresh, err
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, v := range b {
		found := false
		for _, o := range out {
			found = found || o == v
		}
		if !found {
			out = append(out, v)
		}
	}
	return out
}

// Problem reads one problem by key.
func (d *DB) Problem(ctx context.Context, key string) (Problem, bool, error) {
	p, err := scanProblem(d.conn(ctx).QueryRowContext(ctx, `SELECT `+problemColumns+` FROM notion_problems WHERE key = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Problem{}, false, nil
	}
	return p, err == nil, err
}

// ClearProblem forgets a problem whose cause is gone; it returns the
// problem as it was (ok false when there was none).
func (d *DB) ClearProblem(ctx context.Context, key string) (Problem, bool, error) {
	p, ok, err := d.Problem(ctx, key)
	if err != nil || !ok {
		return p, ok, err
	}
	if _, err := d.conn(ctx).ExecContext(ctx, `DELETE FROM notion_problems WHERE key = ?`, key); err != nil {
		return p, false, fmt.Errorf("clear problem %s: %w", key, err)
	}
	return p, true, nil
}

// Problems lists every standing problem, oldest first; kind "" lists all kinds.
func (d *DB) Problems(ctx context.Context, kind string) ([]Problem, error) {
	return d.problems(ctx, `kind = ? OR ? = ''`, kind, kind)
}

// ProblemsOfPage lists the problems met on one page.
func (d *DB) ProblemsOfPage(ctx context.Context, pageID string) ([]Problem, error) {
	return d.problems(ctx, `page_id = ?`, pageID)
}

// ProblemsOfRecord lists the problems that hold fields of one record.
func (d *DB) ProblemsOfRecord(ctx context.Context, e data.Entity, id string) ([]Problem, error) {
	return d.problems(ctx, `entity = ? AND local_id = ? AND field <> ''`, e, id)
}

// DueProblems lists the problems whose retry time has come.
func (d *DB) DueProblems(ctx context.Context, now time.Time) ([]Problem, error) {
	return d.problems(ctx, `retry_at <> '' AND retry_at <= ?`, fmtTime(now))
}

func (d *DB) problems(ctx context.Context, where string, args ...any) ([]Problem, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT `+problemColumns+` FROM notion_problems WHERE `+where+` ORDER BY first_seen, key`, args...)
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	defer rows.Close()
	var out []Problem
	for rows.Next() {
		p, err := scanProblem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddWaiting notes that a page's relations wait for the record of the page
// a problem is about; it does nothing when there is no such problem.
func (d *DB) AddWaiting(ctx context.Context, key, pageID string) error {
	return d.Atomically(ctx, func(ctx context.Context) error {
		p, ok, err := d.Problem(ctx, key)
		if err != nil || !ok {
			return err
		}
		w, err := json.Marshal(union(p.Waiting, []string{pageID}))
		if err != nil {
			return fmt.Errorf("encode problem: %w", err)
		}
		if _, err := d.conn(ctx).ExecContext(ctx, `UPDATE notion_problems SET waiting = ? WHERE key = ?`, string(w), key); err != nil {
			return fmt.Errorf("keep problem %s: %w", key, err)
		}
		return nil
	})
}
