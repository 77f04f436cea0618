package notion

import (
	"context"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Summary counts what one cycle did.
type Summary struct {
	Pulled    int     `json:"pulled"`
	Pushed    int     `json:"pushed"`
	Created   int     `json:"created"`
	Trashed   int     `json:"trashed"`
	Conflicts int     `json:"conflicts"`
	Problems  int     `json:"problems"` // standing problems after the cycle (Service.Problems lists them)
	Requests  int64   `json:"requests"`
	Confirm   int     `json:"confirm"` // of the requests, those that confirmed pages no query showed (see reconcile.go)
	Seconds   float64 `json:"seconds"`
}

// String is the one-line summary the CLI prints.
func (s Summary) String() string {
	return fmt.Sprintf("pulled %d, pushed %d, created %d, trashed %d, conflicts %d, problems %d, requests %d (%d confirming), %.1fs",
		s.Pulled, s.Pushed, s.Created, s.Trashed, s.Conflicts, s.Problems, s.Requests, s.Confirm, s.Seconds)
}

// Run is one past sync cycle: what started it, what it did, the problems it met.
type Run struct {
	ID         int64
	Trigger    string
	StartedAt  time.Time
	FinishedAt time.Time
	Summary    Summary
	Errors     []string
}

func (e *Engine) saveRun(ctx context.Context, trigger string, started time.Time) error {
	for i, m := range e.errs {
		e.errs[i] = e.client.Redact(m)
	}
	return e.state.SaveRun(ctx, syncdb.Run{Trigger: trigger, StartedAt: started, FinishedAt: e.clock.Now(),
		Pulled: e.sum.Pulled, Pushed: e.sum.Pushed, Created: e.sum.Created, Trashed: e.sum.Trashed,
		Conflicts: e.sum.Conflicts, Requests: e.sum.Requests, Errors: e.errs})
}

// Runs lists the latest cycles, newest first.
func (e *Engine) Runs(ctx context.Context, limit int) ([]Run, error) {
	stored, err := e.state.Runs(ctx, limit)
	if err != nil {
		return nil, err
	}
	var out []Run
	for _, r := range stored {
		for i, m := range r.Errors {
			r.Errors[i] = e.client.Redact(m) // runs stored before kaigi scrubbed Notion's text
		}
		out = append(out, Run{ID: r.ID, Trigger: r.Trigger, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Errors: r.Errors,
			Summary: Summary{Pulled: r.Pulled, Pushed: r.Pushed, Created: r.Created, Trashed: r.Trashed, Conflicts: r.Conflicts,
				Requests: r.Requests, Seconds: r.FinishedAt.Sub(r.StartedAt).Seconds()}})
	}
	return out, nil
}
