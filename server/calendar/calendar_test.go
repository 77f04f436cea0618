package calendar_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apognu/gocal"

	"github.com/kaigi-dev/kaigi/server/calendar"
)

func parse(t *testing.T, ics string) []gocal.Event {
	t.Helper()
	p := gocal.NewParser(strings.NewReader(ics))
	p.SkipBounds = true
	if err := p.Parse(); err != nil {
		t.Fatalf("gocal: %v\n%s", err, ics)
	}
	return p.Events
}

// A weekly meeting in Berlin on both sides of the change to summer time:
// 10:00 local each week, which is 09:00 and then 08:00 UTC.
func TestSeriesFeedKeepsTheSeriesZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	changed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	before := time.Date(2026, 3, 23, 10, 0, 0, 0, berlin)
	after := time.Date(2026, 3, 30, 10, 0, 0, 0, berlin)
	var b bytes.Buffer
	err = calendar.WriteSeries(&b, "Platform weekly", berlin, []calendar.Meeting{
		{ID: "m1", Title: "Platform weekly 3/23", URL: "https://kaigi.example/meetings/m1", Start: before, End: before.Add(time.Hour), Changed: changed},
		{ID: "m2", Title: "定例 3/30", URL: "https://kaigi.example/meetings/m2", Start: after, End: after.Add(time.Hour), Changed: changed},
	})
	if err != nil {
		t.Fatal(err)
	}
	events := parse(t, b.String())
	if len(events) != 2 {
		t.Fatalf("%d events, want 2:\n%s", len(events), b.String())
	}
	for i, want := range []time.Time{before, after} {
		e := events[i]
		if e.RawStart.Params["TZID"] != "Europe/Berlin" {
			t.Errorf("event %d: TZID %q, want Europe/Berlin", i, e.RawStart.Params["TZID"])
		}
		if !e.Start.Equal(want) || e.Start.Location().String() != "Europe/Berlin" {
			t.Errorf("event %d starts %v, want %v", i, e.Start, want)
		}
		if !e.End.Equal(want.Add(time.Hour)) {
			t.Errorf("event %d ends %v", i, e.End)
		}
	}
	if events[0].Start.UTC().Hour() != 9 || events[1].Start.UTC().Hour() != 8 {
		t.Errorf("UTC hours %d and %d, want 9 and 8", events[0].Start.UTC().Hour(), events[1].Start.UTC().Hour())
	}
	if events[1].Summary != "定例 3/30" || events[0].Uid != "m1@kaigi" || events[0].URL != "https://kaigi.example/meetings/m1" {
		t.Errorf("event fields: %+v", events[1])
	}
	// The VTIMEZONE names the zone and its change on 29 March at 02:00.
	zone := between(t, b.String(), "BEGIN:VTIMEZONE", "END:VTIMEZONE")
	for _, want := range []string{"TZID:Europe/Berlin", "BEGIN:STANDARD", "TZOFFSETTO:+0100", "TZNAME:CET",
		"BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST"} {
		if !strings.Contains(zone, want) {
			t.Errorf("VTIMEZONE lacks %q:\n%s", want, zone)
		}
	}
}

func TestSeriesFeedInTokyoHasOneObservance(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, tokyo)
	var b bytes.Buffer
	if err := calendar.WriteSeries(&b, "週次定例", tokyo, []calendar.Meeting{{ID: "m", Title: "週次定例", Start: at, End: at.Add(time.Hour), Changed: at}}); err != nil {
		t.Fatal(err)
	}
	events := parse(t, b.String())
	if len(events) != 1 || !events[0].Start.Equal(at) || events[0].RawStart.Value != "20261208T100000" {
		t.Fatalf("events %+v", events)
	}
	zone := between(t, b.String(), "BEGIN:VTIMEZONE", "END:VTIMEZONE")
	if n := strings.Count(zone, "BEGIN:STANDARD"); n != 1 || strings.Contains(zone, "DAYLIGHT") || !strings.Contains(zone, "TZOFFSETTO:+0900") {
		t.Fatalf("Tokyo VTIMEZONE:\n%s", zone)
	}
}

func TestTaskFeedHasAllDayDueDates(t *testing.T) {
	var b bytes.Buffer
	due := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	err := calendar.WriteTasks(&b, "kaigi: tasks", []calendar.Task{{ID: "t1", Summary: "期限: 議事録を送る", Due: due, Changed: due,
		URL: "https://kaigi.example/tasks/t1"}})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`DTSTART;VALUE=DATE:20260131\r\n`).MatchString(b.String()) ||
		!strings.Contains(b.String(), "DTEND;VALUE=DATE:20260201") {
		t.Fatalf("not an all-day event:\n%s", b.String())
	}
	events := parse(t, b.String())
	if len(events) != 1 || events[0].Summary != "期限: 議事録を送る" || events[0].Start.Format(time.DateOnly) != "2026-01-31" {
		t.Fatalf("events %+v", events)
	}
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	i, j := strings.Index(s, from), strings.Index(s, to)
	if i < 0 || j < i {
		t.Fatalf("no %s … %s in:\n%s", from, to, s)
	}
	return s[i:j]
}
