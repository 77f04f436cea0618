package data_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// The three paths that could leave an open agenda on two planned meetings'
// lists, each with its rule (see onePlanned): reopening a held meeting,
// restoring a trashed one, and the sync applying a list edited in Notion.

type planFixture struct {
	ctx    context.Context
	s      *data.Store
	sr     data.Series
	m1, m2 data.Meeting
	a      data.Agenda
}

// heldThenNext raises agenda a in meeting 1, notes it there when noted1,
// marks meeting 1 held, opens meeting 2 (which carries a) and notes it
// there when noted2.
func heldThenNext(t *testing.T, noted1, noted2 bool) planFixture {
	t.Helper()
	ctx := context.Background()
	s, _ := openStore(t)
	f := planFixture{ctx: ctx, s: s, sr: weekly(t, s)}
	var err error
	f.m1, _, err = s.NextMeeting(ctx, f.sr.ID)
	must(t, err)
	f.a = data.Agenda{SeriesID: f.sr.ID, Title: "予算", Priority: 2}
	must(t, s.CreateAgenda(ctx, &f.a, f.m1.ID))
	if noted1 {
		note(t, f, f.m1)
	}
	_, err = s.SetMeetingState(ctx, f.m1.ID, data.MeetingHeld, 0)
	must(t, err)
	f.m2, _, err = s.NextMeeting(ctx, f.sr.ID)
	must(t, err)
	if noted2 {
		note(t, f, f.m2)
	}
	on(t, f, f.m1, true)
	on(t, f, f.m2, true)
	return f
}

func note(t *testing.T, f planFixture, m data.Meeting) {
	t.Helper()
	n := "話した: " + m.Title
	_, err := f.s.UpdateDiscussion(f.ctx, m.ID, f.a.ID, data.DiscussionChange{Notes: &n})
	must(t, err)
}

// on checks whether f.a is on m's list, and that its notes there survived.
func on(t *testing.T, f planFixture, m data.Meeting, want bool) {
	t.Helper()
	ids, err := f.s.MeetingAgendaIDs(f.ctx, m.ID)
	must(t, err)
	if got := slices.Contains(ids, f.a.ID); got != want {
		t.Fatalf("agenda on %s's list: %v, want %v", m.Title, got, want)
	}
}

func wantConflict(t *testing.T, err error, field string) {
	t.Helper()
	var de *data.Error
	if data.ErrorCode(err) != data.ECONFLICT || !errors.As(err, &de) || de.Field != field {
		t.Fatalf("got %v, want a conflict on %s", err, field)
	}
}

func TestReopeningAHeldMeetingTakesBackWhatNothingWasNotedOn(t *testing.T) {
	f := heldThenNext(t, true, false)
	_, err := f.s.SetMeetingState(f.ctx, f.m1.ID, data.MeetingPlanned, 0)
	must(t, err)
	on(t, f, f.m1, true)
	on(t, f, f.m2, false)
	// Marking it held again carries the agenda on as before.
	_, err = f.s.SetMeetingState(f.ctx, f.m1.ID, data.MeetingHeld, 0)
	must(t, err)
	on(t, f, f.m2, true)
}

func TestReopeningLeavesAnAgendaWhereTheFollowingMeetingNotedIt(t *testing.T) {
	f := heldThenNext(t, false, true)
	_, err := f.s.SetMeetingState(f.ctx, f.m1.ID, data.MeetingPlanned, 0)
	must(t, err)
	on(t, f, f.m1, false) // nothing was noted about it in meeting 1
	on(t, f, f.m2, true)
}

func TestReopeningIsRefusedWhenBothMeetingsNotedTheAgenda(t *testing.T) {
	f := heldThenNext(t, true, true)
	_, err := f.s.SetMeetingState(f.ctx, f.m1.ID, data.MeetingPlanned, 0)
	wantConflict(t, err, "state")
	if m, _ := f.s.Meeting(f.ctx, f.m1.ID); m.State != data.MeetingHeld {
		t.Fatalf("meeting 1 is %s after a refused reopen", m.State)
	}
	on(t, f, f.m1, true)
	on(t, f, f.m2, true)
}

// trashedThenNext: meeting 1 (off the schedule) holds agenda a, noted
// there when noted1; it is trashed, the next meeting opens with a, noted
// there when noted2.
func trashedThenNext(t *testing.T, noted1, noted2 bool) planFixture {
	t.Helper()
	ctx := context.Background()
	s, clk := openStore(t)
	f := planFixture{ctx: ctx, s: s, sr: weekly(t, s)}
	var err error
	f.m1, _, err = s.OpenMeetingAt(ctx, f.sr, clk.Now().Add(50*time.Hour).Truncate(time.Hour))
	must(t, err)
	f.a = data.Agenda{SeriesID: f.sr.ID, Title: "採用", Priority: 1}
	must(t, s.CreateAgenda(ctx, &f.a, f.m1.ID))
	if noted1 {
		note(t, f, f.m1)
	}
	must(t, s.SetDeleted(ctx, data.EntityMeeting, string(f.m1.ID), true))
	f.m2, _, err = s.NextMeeting(ctx, f.sr.ID)
	must(t, err)
	if f.m2.ID == f.m1.ID {
		t.Fatal("the trashed meeting was answered as next")
	}
	if noted2 {
		note(t, f, f.m2)
	}
	on(t, f, f.m2, true)
	return f
}

func TestRestoringAMeetingLeavesItsAgendasWhereTheTeamWentOn(t *testing.T) {
	f := trashedThenNext(t, false, false)
	must(t, f.s.SetDeleted(f.ctx, data.EntityMeeting, string(f.m1.ID), false))
	on(t, f, f.m1, false)
	on(t, f, f.m2, true)
}

func TestRestoringAMeetingTakesBackAnAgendaOnlyItNoted(t *testing.T) {
	f := trashedThenNext(t, true, false)
	must(t, f.s.SetDeleted(f.ctx, data.EntityMeeting, string(f.m1.ID), false))
	on(t, f, f.m1, true)
	on(t, f, f.m2, false)
}

func TestRestoringIsRefusedWhenBothMeetingsNotedTheAgenda(t *testing.T) {
	f := trashedThenNext(t, true, true)
	err := f.s.SetDeleted(f.ctx, data.EntityMeeting, string(f.m1.ID), false)
	wantConflict(t, err, "deleted")
	if m, err := f.s.Meeting(f.ctx, f.m1.ID); err != nil || !m.Deleted() {
		t.Fatalf("meeting 1 after a refused restore: deleted %v, %v; want still in the trash", m.Deleted(), err)
	}
	on(t, f, f.m2, true)
}

// twoPlanned: agenda a on meeting 1's list (noted when noted), meeting 2
// opened ahead at another time.
func twoPlanned(t *testing.T, noted bool) planFixture {
	t.Helper()
	ctx := context.Background()
	s, clk := openStore(t)
	f := planFixture{ctx: ctx, s: s, sr: weekly(t, s)}
	var err error
	f.m1, _, err = s.NextMeeting(ctx, f.sr.ID)
	must(t, err)
	f.a = data.Agenda{SeriesID: f.sr.ID, Title: "リリース", Priority: 2}
	must(t, s.CreateAgenda(ctx, &f.a, f.m1.ID))
	if noted {
		note(t, f, f.m1)
	}
	f.m2, _, err = s.OpenMeetingAt(ctx, f.sr, clk.Now().Add(100*time.Hour).Truncate(time.Hour))
	must(t, err)
	on(t, f, f.m2, false)
	return f
}

func TestTheSyncMovesAnAgendaNothingWasNotedOn(t *testing.T) {
	f := twoPlanned(t, false)
	must(t, f.s.SetMeetingAgendas(data.WithOrigin(f.ctx, "notion"), f.m2.ID, []data.AgendaID{f.a.ID}))
	on(t, f, f.m1, false)
	on(t, f, f.m2, true)
}

func TestTheSyncCannotPutANotedAgendaOnASecondPlannedMeeting(t *testing.T) {
	f := twoPlanned(t, true)
	err := f.s.SetMeetingAgendas(data.WithOrigin(f.ctx, "notion"), f.m2.ID, []data.AgendaID{f.a.ID})
	wantConflict(t, err, "agendas") // the sync holds the field and says why
	on(t, f, f.m1, true)
	on(t, f, f.m2, false)
	// A person attaching it gets the same answer, on the field they sent.
	wantConflict(t, f.s.AttachAgenda(f.ctx, f.m2.ID, f.a.ID), "agenda_id")
}
