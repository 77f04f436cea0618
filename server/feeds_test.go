package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apognu/gocal"

	"github.com/kaigi-dev/kaigi/data"
)

func parseFeed(t *testing.T, b *browser, path string) []gocal.Event {
	t.Helper()
	resp, body := b.get(path)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("GET %s: %d %s\n%s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	p := gocal.NewParser(strings.NewReader(body))
	p.SkipBounds = true
	if err := p.Parse(); err != nil {
		t.Fatal(err)
	}
	return p.Events
}

// The calendar addresses on the settings page give the series' meetings
// at their Tokyo time and the person's due dates as all-day events; a new
// address stops the old one at once, and so does deactivation.
func TestCalendarFeedsAndTheirRotation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m := e.seedMeeting("週次定例")
	due, _ := data.ParseDate("2026-01-09")
	k := data.Task{SeriesID: sr.ID, Title: "議事録を送る", AssigneeID: e.user.ID, State: data.TaskTodo, Due: due}
	must(t, e.store.CreateTask(ctx, &k))
	b := e.login()
	_, page := b.submit("/settings/calendar", url.Values{})
	urls := shownSecrets(t, page)
	if len(urls) != 2 || !strings.HasSuffix(urls[0], "/tasks.ics") || !strings.HasSuffix(urls[1], "/series/"+string(sr.ID)+".ics") {
		t.Fatalf("calendar addresses %q", urls)
	}
	feedReader := e.anonymous() // a calendar app has no session
	events := parseFeed(t, feedReader, pathOf(t, urls[1]))
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if len(events) != 9 || events[0].RawStart.Params["TZID"] != "Asia/Tokyo" || !events[0].Start.Equal(m.StartsAt) ||
		events[0].Start.In(tokyo).Hour() != 10 || events[0].Status != "CONFIRMED" || events[0].URL != e.srv.URL+"/meetings/"+string(m.ID) {
		t.Fatalf("series feed %+v, want the open meeting and 8 slots after it", events)
	}
	tasks := parseFeed(t, feedReader, pathOf(t, urls[0]))
	if len(tasks) != 1 || tasks[0].Summary != "Due: 議事録を送る" || tasks[0].RawStart.Params["VALUE"] != "DATE" || tasks[0].RawStart.Value != "20260109" {
		t.Fatalf("task feed %+v", tasks)
	}
	_, settings := b.get("/settings")
	if strings.Contains(settings, secretOf(urls[0])) || !strings.Contains(settings, "Last read by a calendar app") {
		t.Fatal("the settings page shows the address again, or not its last use")
	}

	_, page = b.submit("/settings/calendar", url.Values{})
	if resp, _ := feedReader.get(pathOf(t, urls[0])); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the old address after rotation: %d", resp.StatusCode)
	}
	fresh := shownSecrets(t, page)
	parseFeed(t, feedReader, pathOf(t, fresh[0]))
	if resp, _ := feedReader.get(strings.Replace(pathOf(t, fresh[1]), ".ics", "", 1)); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a series feed without .ics: %d", resp.StatusCode)
	}
	// A deactivated person's address stops too.
	kenP := e.member("Ken", "ken@example.com")
	ken := e.loginAs("ken@example.com")
	_, page = ken.submit("/settings/calendar", url.Values{})
	kenFeed := pathOf(t, shownSecrets(t, page)[0])
	parseFeed(t, feedReader, kenFeed)
	must(t, e.store.SetActive(ctx, kenP.ID, false))
	if resp, _ := feedReader.get(kenFeed); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a deactivated person's feed: %d", resp.StatusCode)
	}
	b.submit("/settings/calendar/off", url.Values{})
	if resp, _ := feedReader.get(pathOf(t, fresh[0])); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a feed turned off: %d", resp.StatusCode)
	}
}
