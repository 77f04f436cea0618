package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/jobs"
	"github.com/kaigi-dev/kaigi/notion"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/server"
)

// notionSync is the Notion sync of a running server: the service the web
// app, the webhook and the cron job share.
type notionSync struct {
	svc     *notion.Service
	webhook http.Handler
	// life bounds background cycles: the server's lifetime, not a request's.
	life context.Context
}

// openNotionSync starts the sync when the database has a Notion mapping
// (imported from a mapping file on first start) and a token exists; without
// them it returns nil and the server runs without sync. A mapping file made
// for another database stops the server with one line.
func openNotionSync(life context.Context, st *data.Store, nc notionConfig, schedule string, env map[string]string, log *slog.Logger, runner *jobs.Runner) (*notionSync, error) {
	cfg, stored, err := linkedMapping(life, nc, st, func(msg string) { log.Info(msg) })
	if data.ErrorCode(err) == data.ENOTFOUND {
		log.Info("Notion sync is off: the database has no Notion mapping", "config", nc.configPath())
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	client, err := notionClient(nc, env, stored.TokenFile)
	if err != nil {
		log.Warn("Notion sync is off: " + oneLine(err))
		return nil, nil
	}
	log.Info("Notion sync is on", "database", cfg.Database, "mapping", stored.Origin)
	opts := syncOptions(nc, cfg, st, client, env, log)
	opts.CycleInterval = scheduleInterval(schedule)
	opts.Process = "kaigi serve"
	svc := notion.NewService(notion.ServiceOptions{Options: opts, Runner: runner})
	hook := notion.NewWebhook(notion.WebhookOptions{Store: st, Logger: log, PullSoon: func() { svc.PullSoon(life) }})
	return &notionSync{svc: svc, webhook: hook, life: life}, nil
}

// wait returns when background cycles have ended (after life is done).
func (n *notionSync) wait() {
	if n != nil {
		n.svc.Wait()
	}
}

// syncAdapter shows the sync to the web app in the server's terms.
type syncAdapter struct{ n *notionSync }

var _ server.Sync = syncAdapter{}

func (a syncAdapter) SyncNow(context.Context) error {
	err := a.n.svc.SyncNow(a.n.life, "web")
	if errors.Is(err, notion.ErrBusy) {
		return data.Errorf(data.ECONFLICT, "a sync is already running; its result shows on this page when it finishes")
	}
	return err
}

func (a syncAdapter) Status(ctx context.Context) (server.SyncStatus, error) {
	st, err := a.n.svc.Status(ctx)
	if err != nil {
		return server.SyncStatus{}, err
	}
	token, err := a.n.svc.TakeWebhookToken(ctx)
	if err != nil {
		return server.SyncStatus{}, err
	}
	out := server.SyncStatus{LastRun: st.LastRun, LastError: st.LastError, Pending: st.Pending, WebhookToken: token}
	for _, p := range st.Problems {
		out.Problems = append(out.Problems, server.SyncProblem{Kind: p.Kind, Entity: p.Entity, Field: p.Field,
			Message: p.Message, URL: p.URL, Fix: p.Fix, Since: p.Since})
	}
	for _, d := range st.Databases {
		out.Databases = append(out.Databases, server.SyncDatabase{Name: d.Title, LastFull: d.LastFull})
	}
	return out, nil
}

func (a syncAdapter) Conflicts(ctx context.Context) ([]server.SyncConflict, error) {
	open, err := a.n.svc.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]server.SyncConflict, len(open))
	for i, c := range open {
		out[i] = server.SyncConflict{ID: strconv.FormatInt(c.ID, 10), Entity: c.Entity, EntityID: c.LocalID, Title: c.Title,
			Field: c.Field, Local: c.LocalValue, Remote: c.NotionValue, DetectedAt: c.CreatedAt}
	}
	return out, nil
}

func (a syncAdapter) ResolveConflict(ctx context.Context, id string, keep string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "conflict %q does not exist", id)
	}
	winner := merge.WinnerNotion
	if keep == "local" {
		winner = merge.WinnerKaigi
	}
	return a.n.svc.Resolve(ctx, n, winner)
}

func (a syncAdapter) Runs(ctx context.Context, limit int) ([]server.SyncRun, error) {
	runs, err := a.n.svc.Runs(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]server.SyncRun, len(runs))
	for i, r := range runs {
		out[i] = server.SyncRun{Started: r.StartedAt, Finished: r.FinishedAt, Pulled: r.Summary.Pulled, Pushed: r.Summary.Pushed,
			Created: r.Summary.Created, Trashed: r.Summary.Trashed, Conflicts: r.Summary.Conflicts, Problems: r.Summary.Problems, Error: strings.Join(r.Errors, "; ")}
	}
	return out, nil
}

// syncJob runs a cycle on the cron schedule; a cycle still running (Sync
// now, a webhook's pull) makes this tick a no-op.
func (n *notionSync) syncJob(ctx context.Context, log *slog.Logger) func() {
	return func() {
		sum, err := n.svc.Cycle(ctx, "schedule")
		var busy *notion.BusyError
		switch {
		case errors.As(err, &busy):
			log.Info("scheduled Notion sync skipped: " + busy.Error())
		case errors.Is(err, notion.ErrBusy):
		case err != nil:
			log.Warn("scheduled Notion sync failed", "err", oneLine(err))
		default:
			log.Info("Notion sync", "summary", sum.String())
		}
	}
}

// forServer returns what the web app's deps need; both nil without a sync.
func (n *notionSync) forServer() (server.Sync, http.Handler) {
	if n == nil {
		return nil, nil
	}
	return syncAdapter{n}, n.webhook
}
