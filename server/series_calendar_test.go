package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// The series page makes the person's calendar address for the series; its
// feed lists the schedule's next slots before any meeting is open, and an
// opened meeting replaces its slot's placeholder (same UID, no duplicate).
func TestSeriesPageSubscribesToTheScheduleAndMeetingsReplacePlaceholders(t *testing.T) {
	e := newEnv(t) // Monday 2026-01-05 09:00 UTC
	ctx := context.Background()
	sr := data.Series{Name: "週次定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, e.store.CreateSeries(ctx, &sr))
	b := e.login()
	_, page := b.get("/series/" + string(sr.ID))
	if !strings.Contains(page, `action="/series/`+string(sr.ID)+`/calendar"`) || !strings.Contains(page, "Subscribe in my calendar") {
		t.Fatal("the series page offers no calendar subscription")
	}
	_, page = b.submit("/series/"+string(sr.ID)+"/calendar", url.Values{})
	urls := shownSecrets(t, page)
	if len(urls) != 1 || !strings.HasSuffix(urls[0], "/series/"+string(sr.ID)+".ics") {
		t.Fatalf("series page after subscribing shows %q", urls)
	}
	feed := e.anonymous()
	events := parseFeed(t, feed, pathOf(t, urls[0]))
	if len(events) != 8 {
		t.Fatalf("feed before any meeting has %d events, want the next 8 slots", len(events))
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	first := events[0]
	if first.Status != "TENTATIVE" || first.Start.In(tokyo).Format("2006-01-02 15:04") != "2026-01-12 10:00" || first.Summary != "週次定例 2026-01-12" {
		t.Fatalf("first placeholder %+v, want a tentative 週次定例 2026-01-12 at 10:00 Tokyo", first)
	}
	if events[7].Start.In(tokyo).Format("2006-01-02") != "2026-03-02" {
		t.Fatalf("eighth slot on %v, want 2026-03-02", events[7].Start.In(tokyo))
	}

	m, _, err := e.store.NextMeeting(ctx, sr.ID)
	must(t, err)
	events = parseFeed(t, feed, pathOf(t, urls[0]))
	uids := map[string]int{}
	for _, ev := range events {
		uids[ev.Uid]++
	}
	if len(events) != 9 || len(uids) != 9 {
		t.Fatalf("feed after opening has %d events, %d UIDs; want the meeting and 8 slots after it, no duplicate", len(events), len(uids))
	}
	if events[0].Uid != first.Uid || events[0].Status != "CONFIRMED" || !strings.HasSuffix(events[0].URL, "/meetings/"+string(m.ID)) {
		t.Fatalf("the opened meeting %+v does not replace its placeholder %s", events[0], first.Uid)
	}

	_, again := b.get("/series/" + string(sr.ID))
	if strings.Contains(again, urls[0]) || !strings.Contains(again, "Make my calendar address again") {
		t.Fatal("the series page shows the address again, or does not say one exists")
	}
}
