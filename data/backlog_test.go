package data_test

import (
	"context"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

func person(t *testing.T, s *data.Store, name string) data.Person {
	t.Helper()
	p := data.Person{Name: name}
	must(t, s.CreatePerson(context.Background(), &p))
	return p
}

func itemTitles(t *testing.T, s *data.Store, m data.MeetingID) []string {
	t.Helper()
	items, err := s.MeetingItems(context.Background(), m)
	must(t, err)
	var out []string
	for _, it := range items {
		out = append(out, it.Agenda.Title)
	}
	return out
}

func TestProposalsWaitInTheBacklogAndJoinTheNextMeeting(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	ann, bob := person(t, s, "Ann"), person(t, s, "Bob")

	later := data.Agenda{SeriesID: sr.ID, Title: "CIの待ち時間", Priority: 3, ProposedBy: ann.ID}
	urgent := data.Agenda{SeriesID: sr.ID, Title: "障害の振り返り", Priority: 1, ProposedBy: bob.ID}
	must(t, s.ProposeAgenda(ctx, &later))
	must(t, s.ProposeAgenda(ctx, &urgent))
	backlog, err := s.Backlog(ctx, sr.ID)
	must(t, err)
	if len(backlog) != 2 || backlog[0].ID != urgent.ID || backlog[1].ID != later.ID {
		t.Fatalf("backlog = %v, want the two proposals, most urgent first", backlog)
	}
	if backlog[0].ProposedBy != bob.ID || backlog[1].ProposedBy != ann.ID {
		t.Fatalf("backlog lost who proposed: %q, %q", backlog[0].ProposedBy, backlog[1].ProposedBy)
	}

	m, created, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	if !created {
		t.Fatal("no meeting was open, yet NextMeeting did not open one")
	}
	items, err := s.MeetingItems(ctx, m.ID)
	must(t, err)
	if len(items) != 2 || items[0].Agenda.ID != urgent.ID || items[1].Agenda.ID != later.ID {
		t.Fatalf("meeting list = %v, want the proposals in priority order", itemTitles(t, s, m.ID))
	}
	if items[0].Agenda.ProposedBy != bob.ID || items[0].CarryCount != 0 {
		t.Fatalf("first item: proposed by %q, carried %d; want Bob's, never carried", items[0].Agenda.ProposedBy, items[0].CarryCount)
	}
	if backlog, err = s.Backlog(ctx, sr.ID); err != nil || len(backlog) != 0 {
		t.Fatalf("backlog after the meeting opened = %v, %v; want empty", backlog, err)
	}

	// With the next meeting open, a proposal joins it at its priority's place.
	mid := data.Agenda{SeriesID: sr.ID, Title: "オンボーディング", Priority: 2, ProposedBy: ann.ID}
	must(t, s.ProposeAgenda(ctx, &mid))
	if got := itemTitles(t, s, m.ID); len(got) != 3 || got[1] != mid.Title {
		t.Fatalf("meeting list = %v, want the new proposal second", got)
	}
}

func TestProposalNeedsAProposerAndALiveSeries(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	err := s.ProposeAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: "x"})
	if data.ErrorCode(err) != data.EINVALID || data.ErrorField(err) != "proposed_by" {
		t.Fatalf("proposal without proposer: %v, want invalid proposed_by", err)
	}
	ann := person(t, s, "Ann")
	err = s.ProposeAgenda(ctx, &data.Agenda{SeriesID: "nope", Title: "x", ProposedBy: ann.ID})
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("proposal to a missing series: %v, want not found", err)
	}
}

func TestStandingItemsStartEveryMeetingOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := data.Series{Name: "定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo",
		StandingItems: []string{" 先週のタスク確認 ", "", "KPI", "KPI"}}
	must(t, s.CreateSeries(ctx, &sr))
	got, err := s.Series(ctx, sr.ID)
	must(t, err)
	if len(got.StandingItems) != 2 || got.StandingItems[0] != "先週のタスク確認" || got.StandingItems[1] != "KPI" {
		t.Fatalf("standing items saved as %q", got.StandingItems)
	}
	ann := person(t, s, "Ann")
	must(t, s.ProposeAgenda(ctx, &data.Agenda{SeriesID: sr.ID, Title: "急ぎの件", Priority: 1, ProposedBy: ann.ID}))

	m1, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	first, err := s.MeetingItems(ctx, m1.ID)
	must(t, err)
	if titles := itemTitles(t, s, m1.ID); len(titles) != 3 || titles[0] != "先週のタスク確認" || titles[1] != "KPI" || titles[2] != "急ぎの件" {
		t.Fatalf("first meeting = %q, want the standing items on top, then the proposal", titles)
	}
	if !first[0].Agenda.Standing {
		t.Fatal("a standing item's agenda is not marked standing")
	}
	// The task review is done; KPI stays open and is carried, not doubled.
	_, err = s.UpdateDiscussion(ctx, m1.ID, first[0].Agenda.ID, data.DiscussionChange{Outcome: data.OutcomeResolved})
	must(t, err)
	_, err = s.SetMeetingState(ctx, m1.ID, data.MeetingHeld, 0)
	must(t, err)
	m2, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	second, err := s.MeetingItems(ctx, m2.ID)
	must(t, err)
	if titles := itemTitles(t, s, m2.ID); len(titles) != 3 || titles[0] != "先週のタスク確認" || titles[1] != "KPI" {
		t.Fatalf("second meeting = %q, want each standing item once, on top", titles)
	}
	if second[0].Agenda.ID == first[0].Agenda.ID {
		t.Fatal("the resolved task review came back instead of a new one")
	}
	if second[1].Agenda.ID != first[1].Agenda.ID || second[1].CarryCount != 1 {
		t.Fatalf("KPI: id %s carried %d, want the same agenda carried once", second[1].Agenda.ID, second[1].CarryCount)
	}

	// An empty list clears them; nil (a writer that does not know them) keeps them.
	keep := got
	keep.StandingItems, keep.Revision = nil, 0
	must(t, s.UpdateSeries(ctx, &keep))
	if again, _ := s.Series(ctx, sr.ID); len(again.StandingItems) != 2 {
		t.Fatalf("an update without standing items changed them to %q", again.StandingItems)
	}
	keep.StandingItems = []string{}
	must(t, s.UpdateSeries(ctx, &keep))
	if again, _ := s.Series(ctx, sr.ID); len(again.StandingItems) != 0 {
		t.Fatalf("standing items not cleared: %q", again.StandingItems)
	}
}
