package data_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// relations is every link among the records of TestTrashAndRestoreEachKind,
// read through the store as pages read them.
type relations struct {
	SeriesAttendees []data.PersonID
	MeetingAgendas  []outcomeLine
	DecisionLinks   [3]string // agenda, meeting, LADR
	TaskLinks       [2]string // agenda, meeting
	LADRSupersedes  []data.LADRID
	LADRDecisions   []data.DecisionID
	Thread          int
}

func readRelations(t *testing.T, s *data.Store, sr data.SeriesID, m data.MeetingID, a data.AgendaID, d data.DecisionID, tk data.TaskID, l data.LADRID) relations {
	t.Helper()
	ctx := context.Background()
	var r relations
	series, err := s.Series(ctx, sr)
	must(t, err)
	r.SeriesAttendees = series.DefaultAttendees
	r.MeetingAgendas = minutesLines(t, s, m)
	dec, err := s.Decision(ctx, d)
	must(t, err)
	r.DecisionLinks = [3]string{string(dec.AgendaID), string(dec.MeetingID), string(dec.LADRID)}
	task, err := s.Task(ctx, tk)
	must(t, err)
	r.TaskLinks = [2]string{string(task.AgendaID), string(task.MeetingID)}
	ladr, err := s.LADR(ctx, l)
	must(t, err)
	r.LADRSupersedes, r.LADRDecisions = ladr.Supersedes, ladr.DecisionIDs
	thread, err := s.AgendaThread(ctx, a)
	must(t, err)
	r.Thread = len(thread)
	return r
}

// TestTrashAndRestoreEachKind moves a series, a meeting, an agenda, a
// decision, a task and an LADR to the trash one at a time: each shows on
// the trash list while it is there, and after the restore every relation
// among them (attendees, the meeting's list with its notes, links of
// decisions, tasks and LADRs, the agenda's thread) is what it was, and the
// search finds its text again.
func TestTrashAndRestoreEachKind(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	p := data.Person{Name: "Aiko"}
	must(t, s.CreatePerson(ctx, &p))
	sr := data.Series{Name: "定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo", DefaultAttendees: []data.PersonID{p.ID}}
	must(t, s.CreateSeries(ctx, &sr))
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	a := data.Agenda{SeriesID: sr.ID, Title: "認証方式の見直し"}
	must(t, s.CreateAgenda(ctx, &a, m.ID))
	must(t, s.SetDiscussionNotes(ctx, m.ID, a.ID, "移行計画を来週までに"))
	old := data.LADR{Title: "Sessions in cookies"}
	must(t, s.CreateLADR(ctx, &old))
	l := data.LADR{Title: "Tokens instead", Supersedes: []data.LADRID{old.ID}}
	must(t, s.CreateLADR(ctx, &l))
	d := data.Decision{MeetingID: m.ID, AgendaID: a.ID, Title: "トークン方式に移行", LADRID: l.ID}
	must(t, s.CreateDecision(ctx, &d))
	tk := data.Task{SeriesID: sr.ID, MeetingID: m.ID, AgendaID: a.ID, Title: "Write the migration"}
	must(t, s.CreateTask(ctx, &tk))
	before := readRelations(t, s, sr.ID, m.ID, a.ID, d.ID, tk.ID, l.ID)

	records := []struct {
		e    data.Entity
		id   string
		find string // a word search finds only while the record is out of the trash
	}{
		{data.EntitySeries, string(sr.ID), ""},
		{data.EntityMeeting, string(m.ID), "移行計画"},
		{data.EntityAgenda, string(a.ID), "見直し"},
		{data.EntityDecision, string(d.ID), "トークン方式"},
		{data.EntityTask, string(tk.ID), "migration"},
		{data.EntityLADR, string(l.ID), "instead"},
	}
	for _, r := range records {
		must(t, s.SetDeleted(ctx, r.e, r.id, true))
		trash, err := s.Trash(ctx, r.e, data.Page{})
		must(t, err)
		if len(trash) != 1 || trash[0].ID != r.id || trash[0].DeletedAt.IsZero() || trash[0].Title == "" {
			t.Fatalf("%s in the trash: list %+v", r.e, trash)
		}
		if r.find != "" && found(t, s, r.find) {
			t.Errorf("search still finds %q with the %s in the trash", r.find, r.e)
		}
		must(t, s.SetDeleted(ctx, r.e, r.id, false))
		if trash, _ := s.Trash(ctx, r.e, data.Page{}); len(trash) != 0 {
			t.Fatalf("%s still in the trash after restore: %+v", r.e, trash)
		}
		if r.find != "" && !found(t, s, r.find) {
			t.Errorf("search does not find %q after the %s was restored", r.find, r.e)
		}
		if after := readRelations(t, s, sr.ID, m.ID, a.ID, d.ID, tk.ID, l.ID); !reflect.DeepEqual(after, before) {
			t.Errorf("after trash and restore of the %s:\n got %+v\nwant %+v", r.e, after, before)
		}
	}
}

func found(t *testing.T, s *data.Store, q string) bool {
	t.Helper()
	hits, err := s.Search(context.Background(), q, data.SearchFilter{})
	must(t, err)
	return len(hits) > 0
}

// TestSearchFindsDiscussionAndMeetingNotes: a word written only in an
// agenda's notes in one meeting, or only in a meeting's notes, is found,
// and the hit names the meeting where it was written.
func TestSearchFindsDiscussionAndMeetingNotes(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	a := data.Agenda{SeriesID: sr.ID, Title: "UI framework"}
	must(t, s.CreateAgenda(ctx, &a, m.ID))
	must(t, s.SetDiscussionNotes(ctx, m.ID, a.ID, "Jetpack Compose との相性を検証した"))
	m, err = s.Meeting(ctx, m.ID)
	must(t, err)
	m.Notes = "Next time: the rollout of the telemetry pipeline"
	must(t, s.UpdateMeeting(ctx, &m))
	for _, q := range []string{"相性", "compose", "Compose 検証"} {
		hits, err := s.Search(ctx, q, data.SearchFilter{})
		must(t, err)
		if len(hits) != 1 || hits[0].Entity != data.EntityDiscussion || hits[0].MeetingID != m.ID || hits[0].AgendaID != a.ID ||
			hits[0].Title != "UI framework" || hits[0].MeetingTitle != m.Title || hits[0].Snippet == "" {
			t.Errorf("search %q: %+v, want the discussion of %q in %s", q, hits, a.Title, m.ID)
		}
	}
	hits, err := s.Search(ctx, "telemetry", data.SearchFilter{})
	must(t, err)
	if len(hits) != 1 || hits[0].Entity != data.EntityMeeting || hits[0].MeetingID != m.ID {
		t.Errorf("search in meeting notes: %+v", hits)
	}
	// The agenda's title matches the agenda, not each of its discussions.
	hits, err = s.Search(ctx, "framework", data.SearchFilter{})
	must(t, err)
	if len(hits) != 1 || hits[0].Entity != data.EntityAgenda {
		t.Errorf("search for the agenda's title: %+v", hits)
	}
	// Notes cleared: no longer found.
	must(t, s.SetDiscussionNotes(ctx, m.ID, a.ID, ""))
	if found(t, s, "相性") {
		t.Error("cleared notes are still found")
	}
}

// TestRestoringAMeetingIntoATakenSlotIsAConflict: a meeting trashed, then
// its slot opened again (the next-meeting job does that), cannot come back
// on top of the new one: 409 with what to do, not an internal error from
// the slot's unique index, and both meetings stay as they were.
func TestRestoringAMeetingIntoATakenSlotIsAConflict(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := data.Series{Name: "定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, s.CreateSeries(ctx, &sr))
	first, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	must(t, s.SetDeleted(ctx, data.EntityMeeting, string(first.ID), true))
	again, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	if again.ID == first.ID || !again.StartsAt.Equal(first.StartsAt) {
		t.Fatalf("the slot was not opened again: %+v", again)
	}
	err = s.SetDeleted(ctx, data.EntityMeeting, string(first.ID), false)
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("restore into a taken slot: %v, want a conflict", err)
	}
	if m, err := s.Meeting(ctx, first.ID); err != nil || !m.Deleted() {
		t.Errorf("the trashed meeting after a refused restore: deleted %v, %v; want it still in the trash", m.Deleted(), err)
	}
	if m, err := s.Meeting(ctx, again.ID); err != nil || m.Deleted() {
		t.Errorf("the meeting in the slot after a refused restore: deleted %v, %v", m.Deleted(), err)
	}
}
