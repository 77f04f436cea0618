package data_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// outcomeLine is what a meeting's minutes say about one agenda.
type outcomeLine struct {
	Title   string
	Outcome data.Outcome
	Notes   string
}

func minutesLines(t *testing.T, s *data.Store, id data.MeetingID) []outcomeLine {
	t.Helper()
	mn, err := s.Minutes(context.Background(), id)
	must(t, err)
	var out []outcomeLine
	for _, it := range mn.Items {
		out = append(out, outcomeLine{it.Agenda.Title, it.Discussion.Outcome, it.Discussion.Notes})
	}
	return out
}

// hold marks a meeting held, as the team does when it ends.
func hold(t *testing.T, s *data.Store, id data.MeetingID) {
	t.Helper()
	_, err := s.SetMeetingState(context.Background(), id, data.MeetingHeld, 0)
	must(t, err)
}

// TestOutcomesAcrossFiveMeetings plays five weekly meetings: agendas are
// discussed, carried, resolved and dropped in different weeks, and every
// meeting's minutes stay exactly as they were when it was held, whatever
// the later meetings did to the same agendas.
func TestOutcomesAcrossFiveMeetings(t *testing.T) {
	ctx := context.Background()
	s, clk := openStore(t)
	sr := weekly(t, s)
	notes := func(m data.MeetingID, a data.AgendaID, text string) {
		t.Helper()
		must(t, s.SetDiscussionNotes(ctx, m, a, text))
	}
	outcome := func(m data.MeetingID, a data.AgendaID, o data.Outcome) {
		t.Helper()
		_, err := s.UpdateDiscussion(ctx, m, a, data.DiscussionChange{Outcome: o})
		must(t, err)
	}
	next := func(week int) data.Meeting {
		t.Helper()
		clk.Set(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC).Add(time.Duration(week-1) * 7 * 24 * time.Hour))
		m, _, err := s.NextMeeting(ctx, sr.ID)
		must(t, err)
		return m
	}

	w1 := next(1)
	migrate := data.Agenda{SeriesID: sr.ID, Title: "Compose への移行計画", Priority: 2}
	incident := data.Agenda{SeriesID: sr.ID, Title: "Incident review", Priority: 1}
	cleanup := data.Agenda{SeriesID: sr.ID, Title: "古いビルド環境の廃止", Priority: 3}
	for _, a := range []*data.Agenda{&migrate, &incident, &cleanup} {
		must(t, s.CreateAgenda(ctx, a, w1.ID))
	}
	notes(w1.ID, migrate.ID, "Compose との相性を確認する")
	outcome(w1.ID, incident.ID, data.OutcomeResolved)
	d := data.Decision{MeetingID: w1.ID, AgendaID: migrate.ID, Title: "まず検証環境で試す"}
	must(t, s.CreateDecision(ctx, &d))
	hold(t, s, w1.ID)
	want := map[int][]outcomeLine{1: {
		{"Incident review", data.OutcomeResolved, ""},
		{"Compose への移行計画", data.OutcomeDiscussed, "Compose との相性を確認する"},
		{"古いビルド環境の廃止", data.OutcomeCarried, ""},
	}}
	meetings := map[int]data.MeetingID{1: w1.ID}

	w2 := next(2)
	mn, err := s.Minutes(ctx, w2.ID)
	must(t, err)
	if len(mn.Items) != 2 || mn.Items[0].Previous == nil || mn.Items[0].Previous.Discussion.Notes != "Compose との相性を確認する" ||
		len(mn.Items[0].Previous.Decisions) != 1 || mn.Items[0].Previous.Decisions[0].ID != d.ID || mn.Items[0].Previous.Meeting.ID != w1.ID {
		t.Fatalf("week 2 does not show last time's notes and decision of the carried agenda: %+v", mn.Items)
	}
	notes(w2.ID, cleanup.ID, "来月に延期")
	hold(t, s, w2.ID)
	want[2] = []outcomeLine{{"Compose への移行計画", data.OutcomeCarried, ""}, {"古いビルド環境の廃止", data.OutcomeDiscussed, "来月に延期"}}
	meetings[2] = w2.ID

	w3 := next(3)
	notes(w3.ID, migrate.ID, "やめる")
	outcome(w3.ID, migrate.ID, data.OutcomeDropped)
	hold(t, s, w3.ID)
	want[3] = []outcomeLine{{"Compose への移行計画", data.OutcomeDropped, "やめる"}, {"古いビルド環境の廃止", data.OutcomeCarried, ""}}
	meetings[3] = w3.ID

	w4 := next(4)
	outcome(w4.ID, cleanup.ID, data.OutcomeResolved)
	// Reopened and resolved again in the same meeting: still this meeting's.
	outcome(w4.ID, cleanup.ID, data.OutcomeCarried)
	if ag, _ := s.Agenda(ctx, cleanup.ID); ag.State != data.AgendaOpen {
		t.Fatalf("taking back a resolve in the meeting that made it leaves the agenda %s", ag.State)
	}
	outcome(w4.ID, cleanup.ID, data.OutcomeResolved)
	hold(t, s, w4.ID)
	want[4] = []outcomeLine{{"古いビルド環境の廃止", data.OutcomeResolved, ""}}
	meetings[4] = w4.ID

	w5 := next(5)
	if got := minutesLines(t, s, w5.ID); len(got) != 0 {
		t.Fatalf("week 5 carried closed agendas: %v", got)
	}
	fresh := data.Agenda{SeriesID: sr.ID, Title: "New topic", Priority: 2}
	must(t, s.CreateAgenda(ctx, &fresh, w5.ID))
	hold(t, s, w5.ID)

	for week := 1; week <= 4; week++ {
		if got := minutesLines(t, s, meetings[week]); !reflect.DeepEqual(got, want[week]) {
			t.Errorf("week %d minutes after five meetings:\n got %v\nwant %v", week, got, want[week])
		}
	}
	thread, err := s.AgendaThread(ctx, migrate.ID)
	must(t, err)
	var path []string
	for _, e := range thread {
		week := 0
		for w, id := range meetings {
			if id == e.Meeting.ID {
				week = w
			}
		}
		path = append(path, fmt.Sprintf("week %d: %s", week, e.Discussion.Outcome))
	}
	if want := []string{"week 1: discussed", "week 2: carried", "week 3: dropped"}; !reflect.DeepEqual(path, want) {
		t.Errorf("thread of the dropped agenda: %v, want %v", path, want)
	}
	if ag, _ := s.Agenda(ctx, migrate.ID); ag.State != data.AgendaDropped {
		t.Errorf("agenda dropped in week 3 is %s", ag.State)
	}
}

// TestHeldMeetingIsReadOnlyUntilReopened: a held meeting's minutes refuse
// notes, outcomes, new agendas, decisions, tasks and reordering; reopening
// it is recorded with who and when, and then the edit goes through.
func TestHeldMeetingIsReadOnlyUntilReopened(t *testing.T) {
	ctx := context.Background()
	s, clk := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	a := data.Agenda{SeriesID: sr.ID, Title: "Budget"}
	must(t, s.CreateAgenda(ctx, &a, m.ID))
	hold(t, s, m.ID)
	refused := map[string]error{
		"notes":    s.SetDiscussionNotes(ctx, m.ID, a.ID, "late"),
		"agenda":   s.CreateAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: "x"}, m.ID),
		"decision": s.CreateDecision(ctx, &data.Decision{MeetingID: m.ID, Title: "x"}),
		"task":     s.CreateTask(ctx, &data.Task{SeriesID: sr.ID, MeetingID: m.ID, Title: "x"}),
		"reorder":  s.ReorderAgendas(ctx, m.ID, []data.AgendaID{a.ID}),
	}
	held, err := s.Meeting(ctx, m.ID)
	must(t, err)
	held.Notes = "changed"
	refused["meeting notes"] = s.UpdateMeeting(ctx, &held)
	for what, err := range refused {
		if data.ErrorCode(err) != data.ECONFLICT {
			t.Errorf("%s on a held meeting: %v, want a conflict", what, err)
		}
	}
	// The sync applies what Notion holds, held or not.
	must(t, s.SetDiscussionNotes(data.WithOrigin(ctx, "notion"), m.ID, a.ID, "from Notion"))

	clk.Advance(time.Hour)
	who := data.Person{Name: "Aiko"}
	must(t, s.CreatePerson(ctx, &who))
	_, err = s.SetMeetingState(data.WithActor(ctx, who.ID), m.ID, data.MeetingPlanned, 0)
	must(t, err)
	reopens, err := s.Reopens(ctx, m.ID)
	must(t, err)
	if len(reopens) != 1 || reopens[0].PersonID != who.ID || !reopens[0].ReopenedAt.Equal(clk.Now()) {
		t.Fatalf("reopen recorded as %+v, want Aiko at %v", reopens, clk.Now())
	}
	must(t, s.SetDiscussionNotes(ctx, m.ID, a.ID, "after reopening"))
}

// TestNewAgendaTakesItsPrioritysPlace: an agenda added to a meeting goes
// after the agendas as urgent as it, before the less urgent ones.
func TestNewAgendaTakesItsPrioritysPlace(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	for _, a := range []data.Agenda{{Title: "P1 first", Priority: 1}, {Title: "P3", Priority: 3}, {Title: "P2", Priority: 2}, {Title: "P1 second", Priority: 1}, {Title: "P4", Priority: 4}} {
		a.SeriesID = sr.ID
		must(t, s.CreateAgenda(ctx, &a, m.ID))
	}
	var got []string
	for _, l := range minutesLines(t, s, m.ID) {
		got = append(got, l.Title)
	}
	if want := []string{"P1 first", "P1 second", "P2", "P3", "P4"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("list order %v, want %v", got, want)
	}
}

// TestSkipAWeek moves a planned meeting to the next slot and never opens
// the skipped one again.
func TestSkipAWeek(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	a := data.Agenda{SeriesID: sr.ID, Title: "Carried along"}
	must(t, s.CreateAgenda(ctx, &a, m.ID))
	skipped := m.StartsAt
	moved, err := s.SkipMeeting(ctx, m.ID, 0)
	must(t, err)
	if want := skipped.Add(7 * 24 * time.Hour); !moved.StartsAt.Equal(want) || moved.Title != "Platform weekly 2026-01-19" {
		t.Fatalf("skipped meeting moved to %v %q, want %v", moved.StartsAt, moved.Title, want)
	}
	if lines := minutesLines(t, s, m.ID); len(lines) != 1 {
		t.Fatalf("the moved meeting lost its agenda: %v", lines)
	}
	again, created, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	if created || again.ID != m.ID {
		t.Fatalf("next meeting after a skip: %v (created %v), want the moved one", again.StartsAt, created)
	}
}

// TestScheduleForms: the series form's weekly, every-other-week and
// monthly schedules read back into the same parts and fire when they say.
func TestScheduleForms(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	from := time.Date(2026, 1, 5, 12, 0, 0, 0, tokyo) // Monday 12:00, after the slot
	cases := []struct {
		parts data.ScheduleParts
		next  []string // the next three slots after from, in Tokyo
	}{
		{data.ScheduleParts{Repeat: data.RepeatWeekly, Weekday: time.Thursday, Hour: 9, Minute: 30},
			[]string{"2026-01-08 09:30", "2026-01-15 09:30", "2026-01-22 09:30"}},
		{data.ScheduleParts{Repeat: data.RepeatBiweekly, Weekday: time.Monday, Hour: 10, From: data.Date{Year: 2026, Month: 1, Day: 5}},
			[]string{"2026-01-19 10:00", "2026-02-02 10:00", "2026-02-16 10:00"}},
		{data.ScheduleParts{Repeat: data.RepeatMonthly, Day: 1, Hour: 15},
			[]string{"2026-02-01 15:00", "2026-03-01 15:00", "2026-04-01 15:00"}},
	}
	for _, c := range cases {
		expr := c.parts.Expr()
		if got := data.SplitSchedule(expr); got != c.parts {
			t.Errorf("%q reads back as %+v, want %+v", expr, got, c.parts)
		}
		sr := data.Series{Name: "x", Schedule: expr, TimeZone: "Asia/Tokyo"}
		must(t, sr.Validate())
		at := from
		for _, want := range c.next {
			next, err := sr.NextSlot(at)
			must(t, err)
			if got := next.In(tokyo).Format("2006-01-02 15:04"); got != want {
				t.Errorf("%q after %v: %s, want %s", expr, at, got, want)
			}
			at = next
		}
	}
	if got := data.SplitSchedule("*/15 9-17 * * MON-FRI"); got.Repeat != data.RepeatCustom {
		t.Errorf("a cron the form cannot show reads as %+v", got)
	}
}
