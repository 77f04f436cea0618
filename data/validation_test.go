package data_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Every validation rule, through the store methods a person's input reaches.
func TestValidationRulesNameTheField(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	other := data.Series{Name: "Design review", Schedule: "0 15 * * THU", TimeZone: "UTC"}
	must(t, s.CreateSeries(ctx, &other))
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	foreign := data.Agenda{SeriesID: other.ID, Title: "Someone else's topic"}
	must(t, s.CreateAgenda(ctx, &foreign, ""))

	cases := []struct {
		name  string
		err   func() error
		code  data.Code
		field string
	}{
		{"person without name", func() error { return s.CreatePerson(ctx, &data.Person{Name: "  "}) }, data.EINVALID, "name"},
		{"person with bad email", func() error { return s.CreatePerson(ctx, &data.Person{Name: "Aiko", Email: "aiko@"}) }, data.EINVALID, "email"},
		{"series without name", func() error {
			return s.CreateSeries(ctx, &data.Series{Schedule: "0 10 * * MON", TimeZone: "UTC"})
		}, data.EINVALID, "name"},
		{"series with bad schedule", func() error {
			return s.CreateSeries(ctx, &data.Series{Name: "x", Schedule: "every monday", TimeZone: "UTC"})
		}, data.EINVALID, "schedule"},
		{"series with unknown time zone", func() error {
			return s.CreateSeries(ctx, &data.Series{Name: "x", Schedule: "0 10 * * MON", TimeZone: "Mars/Olympus"})
		}, data.EINVALID, "time_zone"},
		{"agenda with empty title", func() error { return s.CreateAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: ""}, "") }, data.EINVALID, "title"},
		{"agenda with too long title", func() error {
			return s.CreateAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: strings.Repeat("議", 301)}, "")
		}, data.EINVALID, "title"},
		{"agenda with unknown state", func() error {
			return s.CreateAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: "x", State: "pending"}, "")
		}, data.EINVALID, "state"},
		{"agenda with priority out of range", func() error {
			return s.CreateAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: "x", Priority: 9}, "")
		}, data.EINVALID, "priority"},
		{"agenda in a missing series", func() error {
			return s.CreateAgenda(ctx, &data.Agenda{SeriesID: "0190d3a4-0000-7000-8000-000000000000", Title: "x"}, "")
		}, data.EINVALID, "series_id"},
		{"agenda with unknown owner", func() error {
			return s.CreateAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: "x", OwnerID: "nobody"}, "")
		}, data.EINVALID, "owner_id"},
		{"meeting with unknown state", func() error {
			mm := m
			mm.State = "cancelled"
			return s.UpdateMeeting(ctx, &mm)
		}, data.EINVALID, "state"},
		{"second meeting in the same slot", func() error {
			return s.CreateMeeting(ctx, &data.Meeting{SeriesID: sr.ID, Title: "dup", StartsAt: m.StartsAt})
		}, data.ECONFLICT, "starts_at"},
		{"task with unknown state", func() error {
			return s.CreateTask(ctx, &data.Task{SeriesID: sr.ID, Title: "x", State: "blocked"})
		}, data.EINVALID, "state"},
		{"task whose agenda is in another series", func() error {
			return s.CreateTask(ctx, &data.Task{SeriesID: sr.ID, Title: "x", AgendaID: foreign.ID})
		}, data.EINVALID, "agenda_id"},
		{"decision whose agenda belongs to another series", func() error {
			return s.CreateDecision(ctx, &data.Decision{Title: "x", MeetingID: m.ID, AgendaID: foreign.ID})
		}, data.EINVALID, "agenda_id"},
		{"decision with unknown state", func() error {
			return s.CreateDecision(ctx, &data.Decision{Title: "x", MeetingID: m.ID, State: "maybe"})
		}, data.EINVALID, "state"},
		{"decision reviewed before it was made", func() error {
			return s.CreateDecision(ctx, &data.Decision{Title: "x", DecidedOn: data.Date{Year: 2026, Month: 3, Day: 1}, ReviewBy: data.Date{Year: 2026, Month: 2, Day: 1}})
		}, data.EINVALID, "review_by"},
		{"superseded decision without successor", func() error {
			return s.CreateDecision(ctx, &data.Decision{Title: "x", State: data.DecisionSuperseded})
		}, data.EINVALID, "superseded_by"},
		{"LADR with unknown state", func() error { return s.CreateLADR(ctx, &data.LADR{Title: "x", State: "approved"}) }, data.EINVALID, "state"},
		{"LADR without title", func() error { return s.CreateLADR(ctx, &data.LADR{}) }, data.EINVALID, "title"},
		{"LADR with a non-web PR URL", func() error {
			return s.CreateLADR(ctx, &data.LADR{Title: "x", PRURL: "javascript:alert(1)"})
		}, data.EINVALID, "pr_url"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			if got := data.ErrorCode(err); got != tc.code {
				t.Fatalf("code = %q (err %v), want %q", got, err, tc.code)
			}
			if got := data.ErrorField(err); got != tc.field {
				t.Fatalf("field = %q, want %q (message %q)", got, tc.field, data.ErrorMessage(err))
			}
			if msg := data.ErrorMessage(err); msg == "" || msg == "internal error" {
				t.Fatalf("message %q does not tell a person what to fix", msg)
			}
		})
	}

	// Nothing half-written: the refused rows are not there.
	agendas, err := s.Agendas(ctx, data.AgendaFilter{SeriesID: sr.ID})
	must(t, err)
	if len(agendas) != 0 {
		t.Fatalf("refused agendas were stored: %v", agendas)
	}
}

func TestStaleEditIsRefusedNotLost(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	a := data.Agenda{SeriesID: sr.ID, Title: "Hiring plan"}
	must(t, s.CreateAgenda(ctx, &a, ""))

	alice, bob := a, a // both opened the same revision
	alice.Body = "Alice's notes"
	must(t, s.UpdateAgenda(ctx, &alice))
	bob.Body = "Bob's notes"
	err := s.UpdateAgenda(ctx, &bob)
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("stale update: err = %v, want conflict", err)
	}
	got, err := s.Agenda(ctx, a.ID)
	must(t, err)
	if got.Body != "Alice's notes" {
		t.Fatalf("body = %q, Alice's edit was lost", got.Body)
	}
}

func TestTaskMadeElsewhereKeepsItsCreationTime(t *testing.T) {
	ctx := context.Background()
	s, clk := openStore(t)
	sr := weekly(t, s)
	made := clk.Now().Add(-30 * 24 * time.Hour)
	task := data.Task{SeriesID: sr.ID, Title: "Filed in Notion last month", Due: data.DateOf(made.Add(24 * time.Hour)), Meta: data.Meta{CreatedAt: made}}
	must(t, s.CreateTask(ctx, &task))
	got, err := s.Task(ctx, task.ID)
	must(t, err)
	if !got.CreatedAt.Equal(made) {
		t.Fatalf("created at %v, want %v", got.CreatedAt, made)
	}
	future := data.Task{SeriesID: sr.ID, Title: "From the future", Meta: data.Meta{CreatedAt: clk.Now().Add(time.Hour)}}
	must(t, s.CreateTask(ctx, &future))
	if !future.CreatedAt.Equal(clk.Now()) {
		t.Fatalf("a creation time in the future was kept: %v", future.CreatedAt)
	}
}
