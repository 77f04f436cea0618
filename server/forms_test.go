package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

func TestInvalidFormKeepsValuesAndMarksField(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	resp, body := b.submit("/series", url.Values{"name": {"Design review"}, "schedule": {"every monday"}, "time_zone": {"Asia/Tokyo"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad schedule: %d", resp.StatusCode)
	}
	for _, want := range []string{`value="Design review"`, `value="every monday"`, `class="invalid">Cron`,
		`name="schedule" value="every monday" autofocus><span class="field-error" role="alert"`} {
		if !strings.Contains(body, want) {
			t.Errorf("re-shown form lacks %s", want)
		}
	}
	_, m := e.seedMeeting("Weekly")
	resp, body = b.submit("/meetings/"+string(m.ID)+"/tasks", url.Values{"title": {"Ship it"}, "due": {"next week"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="Ship it"`) || !strings.Contains(body, "not a date") {
		t.Fatalf("bad due date: %d; values kept: %v", resp.StatusCode, strings.Contains(body, `value="Ship it"`))
	}
}

func TestConcurrentNotesEditIsNotLost(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	ctx := context.Background()
	sr, m := e.seedMeeting("Weekly")
	ag := data.Agenda{SeriesID: sr.ID, Title: "Release train"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	seen := ag.Revision
	// Someone else saves notes first.
	must(t, e.store.SetDiscussionNotes(ctx, m.ID, ag.ID, "theirs: ship on Friday"))
	resp, body := b.submit("/meetings/"+string(m.ID)+"/agendas/"+string(ag.ID)+"/notes",
		url.Values{"notes": {"mine: ship on Monday"}, "revision": {itoa(seen)}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale notes save: %d, want 409", resp.StatusCode)
	}
	if !strings.Contains(body, "mine: ship on Monday") || !strings.Contains(body, "theirs: ship on Friday") {
		t.Fatal("the conflict page does not show both versions")
	}
	items, _ := e.store.MeetingItems(ctx, m.ID)
	if items[0].Discussion.Notes != "theirs: ship on Friday" {
		t.Fatalf("the stale save overwrote the notes: %q", items[0].Discussion.Notes)
	}
}

func TestErrorPages(t *testing.T) {
	e := newEnv(t, func(d *server.Deps) { d.Store = failingLADRs{d.Store} })
	b := e.login()
	resp, body := b.get("/meetings/0190a0a0-0000-7000-8000-000000000000")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Not found") {
		t.Fatalf("unknown meeting: %d", resp.StatusCode)
	}
	resp, body = b.get("/no/such/page")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "page not found") {
		t.Fatalf("unknown page: %d", resp.StatusCode)
	}
	resp, body = b.get("/ladrs")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "internal error") ||
		!strings.Contains(body, resp.Header.Get("X-Request-Id")) || strings.Contains(body, "disk I/O") {
		t.Fatalf("internal error page: %d\n%s", resp.StatusCode, body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
