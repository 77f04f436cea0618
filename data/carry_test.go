package data_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func TestCarryForwardOverSeveralMeetings(t *testing.T) {
	ctx := context.Background()
	s, clk := openStore(t)
	sr := weekly(t, s)

	first, created, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	if !created {
		t.Fatal("first NextMeeting did not create a meeting")
	}
	// Mondays 10:00 Tokyo is 01:00 UTC; the clock is Monday 09:00 UTC, so the
	// next slot is the following Monday.
	if want := time.Date(2026, 1, 12, 1, 0, 0, 0, time.UTC); !first.StartsAt.Equal(want) {
		t.Fatalf("first meeting starts %v, want %v", first.StartsAt, want)
	}

	low := data.Agenda{SeriesID: sr.ID, Title: "Retire the old build farm", Priority: 4}
	urgent := data.Agenda{SeriesID: sr.ID, Title: "Incident review", Priority: 1}
	resolvedSoon := data.Agenda{SeriesID: sr.ID, Title: "On-call rotation", Priority: 2}
	must(t, s.CreateAgenda(ctx, &low, first.ID))
	must(t, s.CreateAgenda(ctx, &urgent, first.ID))
	must(t, s.CreateAgenda(ctx, &resolvedSoon, first.ID))
	task := data.Task{SeriesID: sr.ID, Title: "Write the postmortem", MeetingID: first.ID}
	must(t, s.CreateTask(ctx, &task))

	var meetings []data.Meeting
	last := first
	for week := 1; week <= 3; week++ {
		clk.Set(first.StartsAt.Add(time.Duration(week-1)*7*24*time.Hour + time.Hour)) // just after a meeting
		// A meeting still planned is the next one: it is held first.
		_, err := s.SetMeetingState(ctx, last.ID, data.MeetingHeld, 0)
		must(t, err)
		if week == 2 {
			resolvedSoon.State = data.AgendaResolved
			must(t, s.UpdateAgenda(ctx, &resolvedSoon))
		}
		m, created, err := s.NextMeeting(ctx, sr.ID)
		must(t, err)
		if !created {
			t.Fatalf("week %d: NextMeeting did not create a meeting", week)
		}
		meetings = append(meetings, m)
		last = m
	}

	items, err := s.MeetingItems(ctx, meetings[2].ID)
	must(t, err)
	if len(items) != 2 {
		t.Fatalf("third carried meeting has %d agendas, want 2 (resolved one drops out)", len(items))
	}
	if items[0].Agenda.ID != urgent.ID || items[1].Agenda.ID != low.ID {
		t.Fatalf("agendas not in priority order: %q, %q", items[0].Agenda.Title, items[1].Agenda.Title)
	}
	if items[0].CarryCount != 3 {
		t.Fatalf("carry count = %d, want 3", items[0].CarryCount)
	}
	if !items[0].FirstMeeting.Equal(first.StartsAt) {
		t.Fatalf("first meeting = %v, want %v", items[0].FirstMeeting, first.StartsAt)
	}

	thread, err := s.AgendaThread(ctx, urgent.ID)
	must(t, err)
	if len(thread) != 4 {
		t.Fatalf("thread has %d meetings, want 4 (raised once, carried 3 times)", len(thread))
	}
	carried := 0
	for _, e := range thread {
		if e.Discussion.Carried {
			carried++
		}
	}
	if carried != 3 {
		t.Fatalf("thread shows %d carried meetings, want 3", carried)
	}

	// The resolved agenda stays in the history of the meetings that discussed it.
	history, err := s.AgendaThread(ctx, resolvedSoon.ID)
	must(t, err)
	if len(history) != 2 {
		t.Fatalf("resolved agenda history has %d meetings, want 2", len(history))
	}

	open, err := s.Tasks(ctx, data.TaskFilter{SeriesID: sr.ID, OpenOnly: true})
	must(t, err)
	if len(open) != 1 || open[0].ID != task.ID {
		t.Fatalf("open tasks of the series = %v, want the postmortem task", open)
	}
}

func TestNextMeetingIsIdempotentUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	a := data.Agenda{SeriesID: sr.ID, Title: "Budget"}
	must(t, s.CreateAgenda(ctx, &a, ""))

	const callers = 8
	ids := make([]data.MeetingID, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, _, err := s.NextMeeting(ctx, sr.ID)
			ids[i], errs[i] = m.ID, err
		}()
	}
	wg.Wait()
	for i := range callers {
		must(t, errs[i])
		if ids[i] != ids[0] {
			t.Fatalf("call %d got meeting %s, call 0 got %s", i, ids[i], ids[0])
		}
	}
	all, err := s.Meetings(ctx, data.MeetingFilter{SeriesID: sr.ID})
	must(t, err)
	if len(all) != 1 {
		t.Fatalf("%d meetings after concurrent calls, want 1", len(all))
	}
	items, err := s.MeetingItems(ctx, ids[0])
	must(t, err)
	if len(items) != 1 {
		t.Fatalf("meeting has %d agendas, want 1", len(items))
	}
}

func TestOpenUpcomingOpensOnlySlotsWithinReach(t *testing.T) {
	ctx := context.Background()
	s, clk := openStore(t) // Monday 2026-01-05 09:00 UTC
	tokyo := weekly(t, s)  // next slot: Monday 2026-01-12 01:00 UTC
	daily := data.Series{Name: "Standup", Schedule: "30 9 * * *", TimeZone: "UTC"}
	must(t, s.CreateSeries(ctx, &daily)) // next slot: 2026-01-05 09:30 UTC

	opened, err := s.OpenUpcoming(ctx, 24*time.Hour)
	must(t, err)
	if len(opened) != 1 || opened[0].SeriesID != daily.ID {
		t.Fatalf("opened %v, want only the standup", opened)
	}
	again, err := s.OpenUpcoming(ctx, 24*time.Hour)
	must(t, err)
	if len(again) != 0 {
		t.Fatalf("second run opened %d more meetings", len(again))
	}

	clk.Set(time.Date(2026, 1, 11, 9, 0, 0, 0, time.UTC))
	// A series whose meeting is still planned gets no second one.
	opened, err = s.OpenUpcoming(ctx, 24*time.Hour)
	must(t, err)
	if len(opened) != 1 || opened[0].SeriesID != tokyo.ID {
		t.Fatalf("opened %v, want only the meeting of %s (the standup's is still planned)", opened, tokyo.ID)
	}
	standups, err := s.Meetings(ctx, data.MeetingFilter{SeriesID: daily.ID})
	must(t, err)
	_, err = s.SetMeetingState(ctx, standups[0].ID, data.MeetingHeld, 0)
	must(t, err)
	opened, err = s.OpenUpcoming(ctx, 24*time.Hour)
	must(t, err)
	var seriesOpened []data.SeriesID
	for _, m := range opened {
		seriesOpened = append(seriesOpened, m.SeriesID)
	}
	if len(opened) != 1 || opened[0].SeriesID != daily.ID {
		t.Fatalf("opened meetings of %v, want the standup's next once its meeting is held", seriesOpened)
	}
}
