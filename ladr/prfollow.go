package ladr

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// PREvent is one forge webhook about a pull (merge) request, in kaigi's
// words: what GitHub's pull_request and pull_request_review events and
// GitLab's merge request hooks have in common.
type PREvent struct {
	Source    string // "github" or "gitlab"
	Delivery  string // the forge's id of this delivery
	Repo      string // owner/name or group/project
	Number    int    // the pull request's number (GitLab's iid)
	Branch    string // its head branch
	Base      string // the branch it merges into
	URL       string
	State     data.PRState
	Approved  bool // a review approved it
	UpdatedAt time.Time
}

func (ev PREvent) key() string { return fmt.Sprintf("%s:%s#%d", ev.Source, ev.Repo, ev.Number) }

// PRFollower moves an LADR's status with its pull request, by the pull
// request's own state and update time, never by the order events arrive
// in: a delivery seen before changes nothing, an event older than what
// was applied is ignored, and a merged pull request stays merged. With
// Files set, the record's file follows too (see PRFiles).
type PRFollower struct {
	Store *data.Store
	Files *PRFiles // nil: only kaigi's record follows
	Log   *slog.Logger
}

// rank orders states reported at the same instant.
var rank = map[data.PRState]int{data.PROpen: 0, data.PRClosed: 1, data.PRMerged: 2}

// Handle applies one event. An error means the forge should deliver it
// again: nothing of it was remembered.
func (f *PRFollower) Handle(ctx context.Context, ev PREvent) error {
	log := f.Log.With("source", ev.Source, "delivery", ev.Delivery, "branch", ev.Branch, "state", ev.State, "approved", ev.Approved)
	if ev.Delivery != "" {
		seen, err := f.Store.PRDeliverySeen(ctx, ev.Source, ev.Delivery)
		if err != nil || seen {
			if seen {
				log.Info("webhook delivery already applied; ignored")
			}
			return err
		}
	}
	number, ok := NumberFromBranch(ev.Branch)
	if !ok {
		log.Info("webhook: not an LADR branch, ignored")
		return f.Store.SavePREvent(ctx, ev.Source, ev.Delivery, "", nil)
	}
	snap, found, err := f.Store.PRSnapshot(ctx, ev.key())
	if err != nil {
		return err
	}
	newer := !found || (snap.State != data.PRMerged && (ev.UpdatedAt.After(snap.UpdatedAt) ||
		(ev.UpdatedAt.Equal(snap.UpdatedAt) && rank[ev.State] > rank[snap.State])))
	current := !found || snap.State == data.PROpen
	switch {
	case ev.Approved && ev.State == data.PROpen && current:
		if err := f.approved(ctx, log, ev, number); err != nil {
			return err
		}
	case ev.Approved:
		log.Info("webhook: approval of a pull request that is no longer open; ignored")
	case !newer:
		log.Info("webhook: older than the pull request's state kaigi applied; ignored", "applied", snap.State, "applied_at", snap.UpdatedAt)
		return f.Store.SavePREvent(ctx, ev.Source, ev.Delivery, "", nil)
	default:
		if err := f.moved(ctx, log, ev, number); err != nil {
			return err
		}
	}
	if !newer {
		return f.Store.SavePREvent(ctx, ev.Source, ev.Delivery, "", nil)
	}
	return f.Store.SavePREvent(ctx, ev.Source, ev.Delivery, ev.key(), &data.PRSnapshot{State: ev.State, UpdatedAt: ev.UpdatedAt})
}

// approved commits the accepted status to the pull request's branch, so
// the merge brings it.
func (f *PRFollower) approved(ctx context.Context, log *slog.Logger, ev PREvent, number int) error {
	l, ok, err := f.ladrOf(ctx, log, ev.Branch, number)
	if err != nil || !ok {
		return err
	}
	if f.Files == nil {
		log.Info("webhook: approved; no KAIGI_LADR_REPO, so the file's status is left to the author", "number", l.Number)
		return nil
	}
	committed, err := f.Files.CommitStatus(ctx, ev.Branch, ev.Base, l, data.LADRAccepted)
	if err != nil {
		return err
	}
	if committed {
		log.Info("webhook: approved; committed the accepted status to the pull request's branch", "number", l.Number)
	}
	return nil
}

// moved sets the record's state from the pull request's: open →
// proposed, merged → accepted (with a follow-up pull request when the
// merged file does not say so), closed → rejected or draft.
func (f *PRFollower) moved(ctx context.Context, log *slog.Logger, ev PREvent, number int) error {
	l, ok, err := f.ladrOf(ctx, log, ev.Branch, number)
	if err != nil || !ok {
		return err
	}
	var state data.LADRState
	switch ev.State {
	case data.PROpen:
		state = data.LADRProposed
	case data.PRMerged:
		state = data.LADRAccepted
	default:
		state = data.LADRDraft
		if f.Files != nil {
			state = f.Files.ClosedState(ctx)
		}
	}
	// A person may save the record at the same moment; reload and retry
	// rather than overwrite their edit.
	for attempt := 0; ; attempt++ {
		done, err := f.set(ctx, l.ID, ev, state)
		if data.ErrorCode(err) == data.ECONFLICT && attempt < 2 {
			continue
		}
		if err == nil && done {
			log.Info("webhook: LADR status follows its pull request", "number", l.Number, "ladr_state", state)
		}
		if err != nil || ev.State != data.PRMerged || f.Files == nil {
			return err
		}
		// The record is accepted; now its file on the base branch. A
		// failure here answers 500, and the redelivery tries again.
		url, err := f.Files.FollowUp(ctx, ev.Base, l)
		if url != "" {
			log.Info("webhook: merged without the accepted status; opened a follow-up pull request", "url", url)
		}
		return err
	}
}

// ladrOf finds the live record whose pull request branch this is.
func (f *PRFollower) ladrOf(ctx context.Context, log *slog.Logger, branch string, number int) (data.LADR, bool, error) {
	l, err := f.Store.LADRByNumber(ctx, number)
	if data.ErrorCode(err) == data.ENOTFOUND || (err == nil && (l.Deleted() || PRBranch(l) != branch)) {
		log.Info("webhook: no LADR for branch, ignored")
		return l, false, nil
	}
	return l, err == nil, err
}

// set stores one LADR's state and PR URL; done is false when nothing
// needed to change. A retired record keeps its status.
func (f *PRFollower) set(ctx context.Context, id data.LADRID, ev PREvent, state data.LADRState) (done bool, err error) {
	l, err := f.Store.LADR(ctx, id)
	if err != nil {
		return false, err
	}
	if l.State == data.LADRSuperseded || l.State == data.LADRDeprecated {
		f.Log.Info("webhook: LADR is retired, status kept", "number", l.Number, "ladr_state", l.State)
		return false, nil
	}
	url := l.PRURL
	if ev.URL != "" && isHTTPS(ev.URL) {
		url = ev.URL
	}
	if l.State == state && l.PRURL == url {
		return false, nil
	}
	l.State, l.PRURL = state, url
	return true, f.Store.UpdateLADR(ctx, &l)
}

func isHTTPS(s string) bool { return len(s) > 8 && s[:8] == "https://" }
