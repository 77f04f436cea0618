package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestMeetingPageCacheFollowsChanges: the meeting page served again from
// the page cache shows every change made since (here or by the sync
// through the store), a new day's ages, and each session its own token.
func TestMeetingPageCacheFollowsChanges(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m := e.seedMeeting("Weekly")
	ag := data.Agenda{SeriesID: sr.ID, Title: "Rollout plan"}
	if err := e.store.CreateAgenda(ctx, &ag, m.ID); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + string(m.ID)
	b := e.login()
	if _, page := b.get(path); !strings.Contains(page, "Rollout plan") || !strings.Contains(page, ">0d<") {
		t.Fatalf("first view lacks the agenda:\n%s", page)
	}
	ag.Title = "Rollout plan, revised"
	if err := e.store.UpdateAgenda(data.WithOrigin(ctx, "notion"), &ag); err != nil {
		t.Fatal(err)
	}
	if _, page := b.get(path); !strings.Contains(page, "Rollout plan, revised") {
		t.Error("a change made after the first view is not shown")
	}
	e.clock.Advance(49 * time.Hour)
	if _, page := b.get(path); !strings.Contains(page, ">2d<") {
		t.Error("two days later the agenda's age is still the old one")
	}
	other := e.login()
	_, page := other.get(path)
	if hiddenCSRF(t, page) != other.csrf || other.csrf == b.csrf {
		t.Error("a second session got a page with another session's token")
	}
}
