package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/jobs"
	"github.com/kaigi-dev/kaigi/server"
)

// panickingPoster is a Slack poster with a bug.
type panickingPoster struct{}

func (panickingPoster) Post(context.Context, string) error { panic("poster bug") }

// TestPanicInMinutesPostLeavesTheServerServing: the minutes post runs as
// a background job after "mark held" answered; its panic is logged with a
// stack and counted, and the server goes on serving.
func TestPanicInMinutesPostLeavesTheServerServing(t *testing.T) {
	logs := &syncBuffer{}
	runner := jobs.New(slog.New(slog.NewTextHandler(logs, nil)))
	e := newEnv(t, func(d *server.Deps) {
		d.MinutesPoster = panickingPoster{}
		d.Background = runner.Go
	})
	b := e.login()
	ctx := context.Background()
	sr, m := e.seedMeeting("Weekly")
	resp, body := b.submit("/series/"+string(sr.ID)+"/minutes-post", url.Values{"on": {"1"}})
	seeOther(t, resp, body)
	cur, err := e.store.Meeting(ctx, m.ID)
	must(t, err)
	resp, body = b.submit("/meetings/"+string(m.ID)+"/held", url.Values{"revision": {itoa(cur.Revision)}})
	seeOther(t, resp, body)
	runner.Wait()
	if got := runner.Panics()["minutes post"]; got != 1 {
		t.Fatalf("minutes post panics counted: %d, want 1", got)
	}
	if !strings.Contains(logs.String(), "poster bug") || !strings.Contains(logs.String(), "goroutine") {
		t.Fatalf("the panic and its stack are not in the log:\n%s", logs)
	}
	if resp, _ := b.get("/meetings/" + string(m.ID)); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the panic the meeting page answered %d", resp.StatusCode)
	}
	if got, _ := e.store.Meeting(ctx, m.ID); got.State != data.MeetingHeld {
		t.Fatalf("the meeting is %q after mark held", got.State)
	}
}
