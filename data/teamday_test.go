package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
)

// TestTodayIsTheSeriesElseThePersonsElseTheServersDay: at 22:40 UTC on
// 12-07 it is already 12-08 in Tokyo and still 12-07 in New York; the
// series' zone wins over the person's, the person's over the server's,
// and a zone nobody set or can load falls through to the next.
func TestTodayIsTheSeriesElseThePersonsElseTheServersDay(t *testing.T) {
	ctx := context.Background()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	clock := testclock.New(time.Date(2026, 12, 7, 22, 40, 0, 0, time.UTC))
	s, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now, Zone: tokyo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ny := data.Series{Name: "NY weekly", Schedule: "0 10 * * MON", TimeZone: "America/New_York"}
	must(t, s.CreateSeries(ctx, &ny))
	p := data.Person{Name: "Ken", Email: "ken@example.com"}
	must(t, s.CreateUser(ctx, &p, "hash"))
	dec8, dec7 := data.Date{Year: 2026, Month: 12, Day: 8}, data.Date{Year: 2026, Month: 12, Day: 7}
	check := func(what string, series data.SeriesID, person data.PersonID, want data.Date) {
		t.Helper()
		got, err := s.Today(ctx, series, person)
		if err != nil || got != want {
			t.Fatalf("%s: Today = %v, %v; want %v", what, got, err, want)
		}
	}
	check("server's zone (Tokyo)", "", "", dec8)
	check("person without a zone", "", p.ID, dec8)
	must(t, s.UpdateSettings(ctx, p.ID, data.Settings{TimeZone: "America/New_York", DigestHour: 8}))
	check("person in New York", "", p.ID, dec7)
	check("series in New York", ny.ID, "", dec7)
	must(t, s.UpdateSettings(ctx, p.ID, data.Settings{TimeZone: "Asia/Tokyo", DigestHour: 8}))
	check("series in New York wins over a person in Tokyo", ny.ID, p.ID, dec7)

	if got := data.TeamDay(clock.Now(), nil, "", "Not/AZone"); got != dec7 {
		t.Fatalf("no usable zone: %v, want the UTC day %v", got, dec7)
	}
	if got := data.TeamDay(clock.Now(), nil, "Asia/Tokyo"); got != dec8 {
		t.Fatalf("Tokyo: %v", got)
	}
	d := data.Decision{Title: "Adopt Flow", SeriesID: ny.ID}
	must(t, s.CreateDecision(ctx, &d))
	if d.DecidedOn != dec7 {
		t.Fatalf("a decision of the New York series made now is dated %v, want %v", d.DecidedOn, dec7)
	}
	l := data.LADR{Title: "Use Flow", State: data.LADRDraft, Slug: "use-flow"}
	must(t, s.CreateLADR(ctx, &l))
	if l.Date != dec8 {
		t.Fatalf("an LADR made now is dated %v, want the server's (Tokyo) %v", l.Date, dec8)
	}
}

// TestTodayOfEachIsTodayOfEverySeries: home asks the day of every series
// at once; each is the day Today gives for that series and person.
func TestTodayOfEachIsTodayOfEverySeries(t *testing.T) {
	ctx := context.Background()
	clock := testclock.New(time.Date(2026, 12, 7, 22, 40, 0, 0, time.UTC))
	s, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	tokyo := data.Series{Name: "定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	ny := data.Series{Name: "NY weekly", Schedule: "0 10 * * MON", TimeZone: "America/New_York"}
	must(t, s.CreateSeries(ctx, &tokyo))
	must(t, s.CreateSeries(ctx, &ny))
	p := data.Person{Name: "Ken", Email: "ken@example.com"}
	must(t, s.CreateUser(ctx, &p, "hash"))
	must(t, s.UpdateSettings(ctx, p.ID, data.Settings{TimeZone: "Asia/Tokyo", DigestHour: 8}))
	all := []data.Series{tokyo, ny}
	days, err := s.TodayOfEach(ctx, all, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if days[tokyo.ID] != (data.Date{Year: 2026, Month: 12, Day: 8}) || days[ny.ID] != (data.Date{Year: 2026, Month: 12, Day: 7}) {
		t.Fatalf("TodayOfEach = %v; want 12-08 in Tokyo and 12-07 in New York", days)
	}
	for _, sr := range all {
		if one, err := s.Today(ctx, sr.ID, p.ID); err != nil || one != days[sr.ID] {
			t.Fatalf("%s: Today = %v, %v; TodayOfEach %v", sr.Name, one, err, days[sr.ID])
		}
	}
}
