package notion

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Nothing one page does stops a cycle. A value kaigi cannot take, a person
// without a Notion account, a page Notion refuses: each is kept once as a
// standing problem with the page's link and what to do, the rest of the
// page and every other page sync on, and the page is tried again after a
// backoff. A problem about one field of a record holds that field: it is
// neither pulled nor pushed until the problem clears.

const (
	retryFirst = time.Minute
	retryMost  = 15 * time.Minute
)

// backoff is how long to wait before the n-th retry (n ≥ 1).
func backoff(n int) time.Duration {
	if n > 5 {
		return retryMost
	}
	return min(retryMost, retryFirst<<(n-1))
}

// problem keeps a standing problem. A new one (or one whose message
// changed) is also one of this cycle's problems, so a run names it once.
// retry schedules the page to be read again after a backoff.
func (e *Engine) problem(ctx context.Context, p syncdb.Problem) {
	if err := e.keepProblem(ctx, p, false); err != nil {
		e.errs = append(e.errs, userMessage(err))
	}
}

func (e *Engine) retryProblem(ctx context.Context, p syncdb.Problem) error {
	return e.keepProblem(ctx, p, true)
}

func (e *Engine) keepProblem(ctx context.Context, p syncdb.Problem, retry bool) error {
	p.Message, p.Fix = e.client.Redact(p.Message), e.client.Redact(p.Fix)
	now := e.clock.Now()
	if retry {
		old, _, err := e.state.Problem(ctx, p.Key)
		if err != nil {
			return err
		}
		p.RetryAt = now.Add(backoff(old.Attempts + 1))
	}
	fresh, err := e.state.RecordProblem(ctx, p, now)
	if err != nil {
		return err
	}
	if fresh {
		msg := problemLine(p)
		e.errs = append(e.errs, msg)
		e.log.Warn("notion sync", "problem", msg)
	}
	return nil
}

// problemLine is a problem as one line: what, where, what to do.
func problemLine(p syncdb.Problem) string {
	return Problem{Message: p.Message, URL: p.URL, Fix: p.Fix}.Line()
}

// clearProblem forgets a problem whose cause is gone. What waited for it
// follows: pages (whose relations waited for this page's record, or that
// named a person kaigi now knows) are read again, records ("push:…") pushed.
func (e *Engine) clearProblem(ctx context.Context, key string) error {
	old, ok, err := e.state.ClearProblem(ctx, key)
	if err != nil || !ok {
		return err
	}
	for _, w := range old.Waiting {
		if rec, ok := strings.CutPrefix(w, "push:"); ok {
			ent, id, _ := strings.Cut(rec, ":")
			if id != "" {
				err = e.state.QueuePush(ctx, data.Entity(ent), id, "a problem it waited for cleared", e.clock.Now())
			}
		} else {
			err = e.state.QueuePage(ctx, w, e.clock.Now())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func fieldKey(ent data.Entity, id, field string) string {
	return fmt.Sprintf("field:%s:%s:%s", ent, id, field)
}

func pageKey(pageID string) string { return "page:" + pageID }

// pageURL links a page by its ID alone: Notion's own URLs carry the title,
// which may carry anything a person pasted.
func pageURL(pageID string) string { return "https://www.notion.so/" + api.CompactID(pageID) }

// holds are the fields of a record that standing problems hold.
func (e *Engine) holds(ctx context.Context, ent data.Entity, id string) (map[string]syncdb.Problem, error) {
	if id == "" {
		return nil, nil
	}
	list, err := e.state.ProblemsOfRecord(ctx, ent, id)
	if err != nil {
		return nil, err
	}
	out := map[string]syncdb.Problem{}
	for _, p := range list {
		out[p.Field] = p
	}
	return out, nil
}

// Problem is a standing problem as the service lists it.
type Problem struct {
	Kind     string
	Entity   data.Entity
	LocalID  string
	Field    string
	URL      string
	Message  string
	Fix      string
	Since    time.Time
	Attempts int
}

// Line is the problem as one line: what, where, what to do.
func (p Problem) Line() string {
	msg := p.Message
	if p.URL != "" {
		msg += " (" + p.URL + ")"
	}
	if p.Fix != "" {
		msg += " — " + p.Fix
	}
	return msg
}

// Problems lists the standing problems, oldest first.
func (e *Engine) Problems(ctx context.Context) ([]Problem, error) {
	stored, err := e.state.Problems(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make([]Problem, 0, len(stored))
	for _, p := range stored {
		out = append(out, Problem{Kind: p.Kind, Entity: p.Entity, LocalID: p.LocalID, Field: p.Field, URL: p.URL,
			Message: e.client.Redact(p.Message), Fix: e.client.Redact(p.Fix), Since: p.FirstSeen, Attempts: p.Attempts})
	}
	sort.SliceStable(out, func(i, j int) bool { return wholeDatabase(out[i].Kind) && !wholeDatabase(out[j].Kind) })
	return out, nil
}

// wholeDatabase reports the problem kinds that stop a whole database: one
// that cannot be used as it is, and one whose data source kaigi does not
// know ("sources").
func wholeDatabase(kind string) bool { return kind == "database" || kind == "sources" }
