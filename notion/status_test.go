package notion

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// TestProblemsStopOnlyWhatTheyMust breaks the tasks database in each way a
// team can, and checks that the cycle names it once, clearly, while the
// other databases keep syncing.
func TestProblemsStopOnlyWhatTheyMust(t *testing.T) {
	tests := []struct {
		name       string
		breakTasks func(t *testing.T, h *harness)
		want       string
	}{
		{"missing database", func(t *testing.T, h *harness) {
			h.cfg.Databases[data.EntityTask].ID = "0123456789abcdef0123456789abcdef"
		}, "does not exist or is not shared with the integration"},
		{"unshared database", func(t *testing.T, h *harness) {
			bot := h.botID(t)
			for _, spec := range codec.Specs {
				if spec.Entity != data.EntityTask {
					if err := h.fake.Share(h.db(spec.Entity), bot); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := h.fake.Unshare(h.cfg.Parent, bot); err != nil {
				t.Fatal(err)
			}
		}, "does not exist or is not shared with the integration"},
		{"renamed property", func(t *testing.T, h *harness) {
			rename := map[string]any{"Due": map[string]any{"name": "Deadline"}}
			if err := h.client.UpdateProperties(context.Background(), h.db(data.EntityTask), rename); err != nil {
				t.Fatal(err)
			}
		}, `"Due"`},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, int64(30+i), nil)
			tc.breakTasks(t, h)
			svc := h.service()
			a := data.Agenda{SeriesID: h.series, Title: "Still syncs"}
			if err := h.store.CreateAgenda(ctx, &a, ""); err != nil {
				t.Fatal(err)
			}
			newTask(t, h, "Meets the broken database") // schemas are kept: a write is what meets the change
			if _, err := svc.Cycle(ctx, "test"); err != nil {
				t.Fatalf("a broken tasks database stopped the whole cycle: %v", err)
			}
			if _, ok, _ := h.state().LinkByLocal(ctx, data.EntityAgenda, string(a.ID)); !ok {
				t.Fatalf("the agenda was not pushed while the tasks database was broken")
			}
			st, err := svc.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// What the sync page shows: the standing problems and the last run's errors.
			var shown []string
			for _, p := range st.Problems {
				shown = append(shown, p.Message)
			}
			shown = append(shown, strings.Split(st.LastError, "; ")...)
			var mentions []string
			for _, msg := range shown {
				if strings.Contains(msg, "Tasks") {
					mentions = append(mentions, msg)
				}
			}
			if len(mentions) != 1 || !strings.Contains(mentions[0], tc.want) {
				t.Fatalf("the sync page says %q about Tasks, want one message saying %q", mentions, tc.want)
			}
			if runs, _ := svc.Runs(ctx, 1); len(runs[0].Errors) == 0 && len(st.Problems) == 0 {
				t.Fatalf("the problem is neither in the run history nor in the status")
			}
		})
	}
}

func (h *harness) botID(t *testing.T) string {
	t.Helper()
	me, err := h.client.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return me.ID
}

// TestRejectedTokenNeverShows runs a cycle with a token Notion rejects and
// looks for it in everything the cycle produced.
func TestRejectedTokenNeverShows(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 40, nil)
	const secret = "secret_Zq81xVtB3nWkLmP0dRr7Yc2Hs9Ue4Ja6Gf5Ti1Ko8Lw"
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: h.clientURL(t), Clock: h.clock})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client := api.NewClient(api.NewToken(secret), tr)
	svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: client, Config: h.cfg, Clock: h.clock, Logger: log}})
	sum, err := svc.Cycle(ctx, "test")
	var ce *api.ConfigError
	if !errors.As(err, &ce) || ce.Field != "token" {
		t.Fatalf("cycle with a rejected token: %v, want the token error", err)
	}
	st, _ := svc.Status(ctx)
	runs, _ := svc.Runs(ctx, 5)
	_, _, adoptErr := Adopt(ctx, client, AdoptOptions{Databases: map[data.Entity]string{data.EntityTask: h.db(data.EntityTask)}})
	_, initErr := Init(ctx, client, h.cfg.Parent, merge.WinnerNotion, LangEnglish, data.PriorityLevels)
	everything := fmt.Sprintf("%s\n%v\n%+v\n%#v\n%+v\n%+v\n%v\n%v\n%v\n%#v", logs.String(), err, sum, err, st, runs, adoptErr, initErr, api.NewToken(secret), api.NewToken(secret))
	if !strings.Contains(st.LastError, "KAIGI_NOTION_TOKEN") || len(runs) != 2 {
		t.Fatalf("the run does not say the token was rejected: %q", st.LastError)
	}
	for _, part := range []string{secret, secret[7:], secret[:len(secret)-4]} {
		if strings.Contains(everything, part) {
			t.Fatalf("the token leaked:\n%s", everything)
		}
	}
}

// clientURL is the fake's address, for a second client.
func (h *harness) clientURL(t *testing.T) string {
	t.Helper()
	srv := h.fake.Start(t)
	return srv.URL
}

// Schemas are kept between cycles, so a CLI run (a new service each time)
// reads none; a renamed property makes the next cycle read its database's
// schema again, and only that one.
func TestSchemasAreReadOnlyWhenSomethingChanged(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 41, nil)
	before := h.fake.CountRequests("GET", "/v1/databases/") // init read some
	gets := func() int { return h.fake.CountRequests("GET", "/v1/databases/") - before }
	newTask(t, h, "Draft the plan")
	for i := range 3 {
		svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: h.client, Config: h.cfg, Clock: h.clock}})
		if _, err := svc.Cycle(ctx, "test"); err != nil {
			t.Fatal(err)
		}
		h.fake.Advance(10 * time.Minute)
		if n := gets(); n != 0 {
			t.Fatalf("after %d more cycles, %d schema reads; the harness's first cycle read them all", i+1, n)
		}
	}
	rename := map[string]any{"Due": map[string]any{"name": "Deadline"}}
	if err := h.client.UpdateProperties(ctx, h.db(data.EntityTask), rename); err != nil {
		t.Fatal(err)
	}
	newTask(t, h, "Write it")
	svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: h.client, Config: h.cfg, Clock: h.clock}})
	svc.Cycle(ctx, "test")
	if n := gets(); n != 1 {
		t.Fatalf("after the rename: %d schema reads, want one (the tasks database's)", n)
	}
	if st, _ := svc.Status(ctx); len(st.Problems) != 1 || !strings.Contains(st.Problems[0].Message, `"Due"`) {
		t.Fatalf("problems after the rename: %+v", st.Problems)
	}
}

// TestTokenInNotionTextNeverShows: the token pasted into Notion (a page's
// title, an option's name) or kept in a run's errors by an older kaigi is
// scrubbed from logs, problems, run history and status.
func TestTokenInNotionTextNeverShows(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 42, nil)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: h.client, Config: h.cfg, Clock: h.clock, Logger: log}})
	dc := h.cfg.Databases[data.EntityAgenda]
	page, err := h.fake.As(h.person).CreatePage(dc.ID, map[string]any{"Name": title("paste " + h.token),
		dc.Properties["priority"]: map[string]any{"select": map[string]any{"name": "P-" + h.token}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.state().SaveRun(ctx, syncdb.Run{Trigger: "cli", StartedAt: h.clock.Now(), FinishedAt: h.clock.Now(),
		Errors: []string{"Notion answered 400: token " + h.token}}); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(time.Minute)
	if _, err := svc.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	st, _ := svc.Status(ctx)
	runs, _ := svc.Runs(ctx, 10)
	everything := fmt.Sprintf("%s\n%+v\n%+v", logs.String(), st, runs)
	if strings.Contains(everything, h.token) || strings.Contains(everything, h.token[len(h.token)/2:]) {
		t.Fatalf("the token leaked:\n%s", everything)
	}
	if len(st.Problems) != 1 || !strings.Contains(st.Problems[0].Message, "P-…") {
		t.Fatalf("the problem about the pasted option: %+v (page %s)", st.Problems, page)
	}
}

// TestCycleFailsOnlyWhenNothingSyncs: with Notion out of reach the cycle
// fails as a whole (the CLI exits non-zero), saying so once, with the
// address it could not reach.
func TestCycleFailsOnlyWhenNothingSyncs(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 46, nil)
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: "http://127.0.0.1:1", Clock: h.clock, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: api.NewClient(api.NewToken(h.token), tr), Config: h.cfg, Clock: h.clock}})
	newTask(t, h, "Cannot reach Notion")
	if _, err := svc.Cycle(ctx, "test"); !errors.Is(err, api.ErrUnreachable) || !strings.Contains(err.Error(), "Notion cannot be reached: dial tcp 127.0.0.1:1") {
		t.Fatalf("a cycle without Notion: %v", err)
	}
}
