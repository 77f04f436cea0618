package data_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

var nextSeed = flag.Uint64("next.seed", 0, "replay TestNextMeetingRulesHoldOverRandomSequences with this seed only")

// TestNextMeetingRulesHoldOverRandomSequences plays random sequences of
// what a team and the open-ahead job do to a series (raise and propose
// agendas, open the next meeting or one at a chosen time, mark meetings
// held, resolve, move, skip, open ahead, take notes, reopen a held meeting,
// trash and restore a meeting, apply a meeting's agenda list as the Notion
// sync does, let time pass) on a real database with an injected clock, and checks after every step that no open agenda
// is on two planned meetings' lists and that no held meeting is ever
// answered as next. A failing sequence prints its seed and its steps;
// -next.seed=N replays it.
func TestNextMeetingRulesHoldOverRandomSequences(t *testing.T) {
	seeds := []uint64{}
	if *nextSeed != 0 {
		seeds = append(seeds, *nextSeed)
	} else {
		n := uint64(10)
		if testing.Short() {
			n = 5
		}
		for i := uint64(1); i <= n; i++ {
			seeds = append(seeds, i)
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			if steps, err := playNextSequence(t, seed, 60); err != nil {
				t.Fatalf("seed %d (replay: go test ./data -run TestNextMeetingRulesHoldOverRandomSequences -next.seed=%d)\nsteps:\n  %s\n%v",
					seed, seed, strings.Join(steps, "\n  "), err)
			}
		})
	}
}

// playNextSequence plays n random steps and returns them with the first
// broken rule.
func playNextSequence(t *testing.T, seed uint64, n int) ([]string, error) {
	ctx := context.Background()
	s, clk := openStore(t)
	sr := weekly(t, s)
	ann := data.Person{Name: "Ann"}
	must(t, s.CreatePerson(ctx, &ann))
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var steps []string
	agendas := 0
	var trashed []data.Meeting
	for range n {
		planned, err := plannedMeetings(ctx, s, sr.ID)
		if err != nil {
			return steps, err
		}
		var step string
		switch op := rnd.IntN(15); {
		case op == 0: // raise an agenda in a planned meeting
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			agendas++
			a := data.Agenda{SeriesID: sr.ID, Title: fmt.Sprintf("a%d", agendas), Priority: 1 + rnd.IntN(4)}
			step = fmt.Sprintf("raise %s in %s", a.Title, m.Title)
			err = s.CreateAgenda(ctx, &a, m.ID)
		case op == 1: // propose to the backlog
			agendas++
			a := data.Agenda{SeriesID: sr.ID, Title: fmt.Sprintf("a%d", agendas), Priority: 1 + rnd.IntN(4), ProposedBy: ann.ID}
			step = "propose " + a.Title
			err = s.ProposeAgenda(ctx, &a)
		case op == 2: // POST next-meeting
			var m data.Meeting
			m, _, err = s.NextMeeting(ctx, sr.ID)
			step = "next → " + m.Title
			if err == nil && m.State == data.MeetingHeld {
				return append(steps, step), fmt.Errorf("NextMeeting answered the held meeting %s", m.Title)
			}
			if err == nil && len(planned) > 0 && planned[0].ID != m.ID {
				return append(steps, step), fmt.Errorf("NextMeeting answered %s, not the earliest planned meeting %s", m.Title, planned[0].Title)
			}
		case op == 3: // a meeting at a chosen time, outside the schedule
			at := clk.Now().Truncate(time.Hour).Add(time.Duration(1+rnd.IntN(20*24)) * time.Hour)
			step = "open a meeting at " + at.Format(time.DateTime)
			_, _, err = s.OpenMeetingAt(ctx, sr, at)
		case op == 4: // mark held
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			step = "held " + m.Title
			_, err = s.SetMeetingState(ctx, m.ID, data.MeetingHeld, 0)
		case op == 5: // resolve an agenda in a planned meeting
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			items, err := s.MeetingItems(ctx, m.ID)
			if err != nil || len(items) == 0 {
				continue
			}
			it := items[rnd.IntN(len(items))]
			step = fmt.Sprintf("resolve %s in %s", it.Agenda.Title, m.Title)
			_, err = s.UpdateDiscussion(ctx, m.ID, it.Agenda.ID, data.DiscussionChange{Outcome: data.OutcomeResolved})
		case op == 6: // move a planned meeting by whole days either way
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			m.StartsAt = m.StartsAt.AddDate(0, 0, rnd.IntN(15)-7)
			m.Revision = 0
			step = fmt.Sprintf("move %s to %s", m.Title, m.StartsAt.Format(time.DateOnly))
			err = s.UpdateMeeting(ctx, &m)
		case op == 7: // skip
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			step = "skip " + m.Title
			_, err = s.SkipMeeting(ctx, m.ID, 0)
		case op == 8: // the open-ahead job
			ahead := time.Duration(1+rnd.IntN(10)) * 24 * time.Hour
			step = fmt.Sprintf("open ahead %v", ahead)
			_, err = s.OpenUpcoming(ctx, ahead)
		case op == 9: // reopen a held meeting
			held, err := heldMeetings(ctx, s, sr.ID)
			if err != nil || len(held) == 0 {
				continue
			}
			m := held[rnd.IntN(len(held))]
			step = "reopen " + m.Title
			_, err = s.SetMeetingState(ctx, m.ID, data.MeetingPlanned, 0)
		case op == 10: // trash a planned meeting
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			step = "trash " + m.Title
			if err = s.SetDeleted(ctx, data.EntityMeeting, string(m.ID), true); err == nil {
				trashed = append(trashed, m)
			}
		case op == 11: // restore a trashed meeting
			if len(trashed) == 0 {
				continue
			}
			i := rnd.IntN(len(trashed))
			m := trashed[i]
			step = "restore " + m.Title
			if err = s.SetDeleted(ctx, data.EntityMeeting, string(m.ID), false); err == nil {
				trashed = slices.Delete(trashed, i, i+1)
			}
		case op == 12: // the sync applies a meeting's agenda list edited in Notion: one open agenda more, maybe one less
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			open, err := s.Agendas(ctx, data.AgendaFilter{SeriesID: sr.ID, State: data.AgendaOpen, Page: data.Page{Limit: 500}})
			if err != nil || len(open) == 0 {
				continue
			}
			ids, err := s.MeetingAgendaIDs(ctx, m.ID)
			if err != nil {
				return steps, err
			}
			if len(ids) > 0 && rnd.IntN(3) == 0 {
				ids = slices.Delete(ids, 0, 1)
			}
			add := open[rnd.IntN(len(open))]
			ids = append(ids, add.ID)
			step = fmt.Sprintf("notion lists %s in %s", add.Title, m.Title)
			err = s.SetMeetingAgendas(data.WithOrigin(ctx, "notion"), m.ID, ids)
		case op == 13: // take notes on an agenda in a planned meeting
			if len(planned) == 0 {
				continue
			}
			m := planned[rnd.IntN(len(planned))]
			items, err := s.MeetingItems(ctx, m.ID)
			if err != nil || len(items) == 0 {
				continue
			}
			it := items[rnd.IntN(len(items))]
			notes := "said " + it.Agenda.Title
			step = fmt.Sprintf("note %s in %s", it.Agenda.Title, m.Title)
			_, err = s.UpdateDiscussion(ctx, m.ID, it.Agenda.ID, data.DiscussionChange{Notes: &notes})
		default: // time passes
			d := time.Duration(1+rnd.IntN(72)) * time.Hour
			clk.Advance(d)
			step = fmt.Sprintf("wait %v", d)
		}
		steps = append(steps, step)
		if err != nil && data.ErrorCode(err) != data.ECONFLICT {
			return steps, fmt.Errorf("%s: %w", step, err)
		}
		if err := checkNextRules(ctx, s, sr); err != nil {
			return steps, err
		}
	}
	return steps, nil
}

func heldMeetings(ctx context.Context, s *data.Store, id data.SeriesID) ([]data.Meeting, error) {
	all, err := s.Meetings(ctx, data.MeetingFilter{SeriesID: id, Page: data.Page{Limit: 200}})
	return slices.DeleteFunc(all, func(m data.Meeting) bool { return m.State != data.MeetingHeld }), err
}

func plannedMeetings(ctx context.Context, s *data.Store, id data.SeriesID) ([]data.Meeting, error) {
	all, err := s.Meetings(ctx, data.MeetingFilter{SeriesID: id, Page: data.Page{Limit: 200}})
	if err != nil {
		return nil, err
	}
	var out []data.Meeting
	for _, m := range all {
		if m.State == data.MeetingPlanned {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b data.Meeting) int { return a.StartsAt.Compare(b.StartsAt) })
	return out, nil
}

// checkNextRules: no open agenda on two planned meetings' lists; the next
// meeting the pages show is never held, and is the earliest planned one.
func checkNextRules(ctx context.Context, s *data.Store, sr data.Series) error {
	planned, err := plannedMeetings(ctx, s, sr.ID)
	if err != nil {
		return err
	}
	on := map[data.AgendaID]string{}
	for _, m := range planned {
		items, err := s.MeetingItems(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.Agenda.State != data.AgendaOpen {
				continue
			}
			if other, ok := on[it.Agenda.ID]; ok {
				return fmt.Errorf("open agenda %s is on two planned meetings: %s and %s", it.Agenda.Title, other, m.Title)
			}
			on[it.Agenda.ID] = m.Title
		}
	}
	up, err := s.NextOf(ctx, sr)
	if err != nil {
		return err
	}
	if up.Open() && up.Meeting.State == data.MeetingHeld {
		return fmt.Errorf("the held meeting %s is shown as next", up.Meeting.Title)
	}
	if len(planned) > 0 && up.Meeting.ID != planned[0].ID {
		return fmt.Errorf("next is %q, not the earliest planned meeting %s", up.Meeting.Title, planned[0].Title)
	}
	home, err := s.NextMeetings(ctx)
	if err != nil {
		return err
	}
	if m, ok := home[sr.ID]; ok && m.ID != up.Meeting.ID {
		return fmt.Errorf("home shows %s as next, the series %q", m.Title, up.Meeting.Title)
	}
	return nil
}
