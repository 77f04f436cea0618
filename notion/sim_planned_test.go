package notion

import (
	"slices"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// The store keeps an open agenda on one planned meeting's list at a time
// (data/carry.go onePlanned; docs/design.md "Issue 19 (finish)"): attaching
// it to a planned meeting takes it off another planned meeting, reopening a
// held meeting takes back what it holds, a restored meeting gives way to the
// planned meeting that has the agenda; and marking a meeting held carries
// its open agendas onto the earliest planned meeting (carryHeld). Those are
// edits of meetings' lists that nobody typed. The model predicts them from
// the meetings before and after an operation and files them as edits of
// their own, so that the edit they replace is not called lost, while a list
// change no rule explains still is (the simulation never notes anything on
// a list, so the 409 for a noted row does not arise here).

// plannedMeeting is what the rule reads of a meeting.
type plannedMeeting struct {
	state, startsAt string
	live            bool
	agendas         []string
}

func (m plannedMeeting) planned() bool { return m.live && m.state == string(data.MeetingPlanned) }

// plannedWorld is kaigi's meetings and its open live agendas at one moment.
type plannedWorld struct {
	meetings map[string]plannedMeeting
	open     map[string]bool
}

func (s *sim) plannedWorld() plannedWorld {
	w := plannedWorld{meetings: map[string]plannedMeeting{}, open: map[string]bool{}}
	for _, id := range append(s.live(data.EntityMeeting), s.deleted(data.EntityMeeting)...) {
		f, err := s.engine.records.read(s.ctx, data.EntityMeeting, id)
		if err != nil {
			s.t.Fatal(err)
		}
		w.meetings[id] = plannedMeeting{state: f["state"], startsAt: f["starts_at"], live: f[merge.Deleted] == "", agendas: codec.SplitList(f["agendas"])}
	}
	for _, id := range s.live(data.EntityAgenda) {
		f, err := s.engine.records.read(s.ctx, data.EntityAgenda, id)
		if err != nil {
			s.t.Fatal(err)
		}
		w.open[id] = f["state"] == string(data.AgendaOpen)
	}
	return w
}

// plannedEffects files the list changes the rules made since before.
// wrote is the meeting whose list the operation itself set (its change is
// that edit's). A change of another list that no rule explains fails,
// except after a cycle for a list with an open edit: the cycle may have
// applied that edit, so the list is judged against its last edit and what
// the rules do not explain is left to the edits' judging. The rules' edits
// are kaigi's after an operation in kaigi, the store's after a cycle.
func (s *sim) plannedEffects(before plannedWorld, wrote string, cycle bool) {
	side := map[bool]string{false: "kaigi", true: "store"}[cycle]
	after := s.plannedWorld()
	ids := make([]string, 0, len(after.meetings))
	for id := range after.meetings {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if id == wrote {
			continue
		}
		was := before.meetings[id].agendas
		edited := false // the list has an open edit that the cycle may have applied
		if open := s.writes[id]["agendas"]; cycle && len(open) > 0 {
			was, edited = codec.SplitList(s.resolve(open[len(open)-1].value)), true
		}
		now := after.meetings[id].agendas
		if sameMembers(was, now) {
			continue
		}
		if !before.explains(after, id, was, now) {
			if !edited {
				s.fail("meeting %s agendas changed from %q to %q and no rule of the store explains it", id, codec.JoinList(was), codec.JoinList(now))
			}
			continue
		}
		s.record(id, "agendas", side, codec.JoinList(now))
		s.logf("store (one planned meeting per open agenda): meeting %s agendas %q → %q", id, codec.JoinList(was), codec.JoinList(now))
	}
}

func sameMembers(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(x string) bool { return !slices.Contains(b, x) })
}

// explains: every agenda that left meeting id was taken off by the rule,
// every one that joined was carried on from a meeting marked held.
func (before plannedWorld) explains(after plannedWorld, id string, was, now []string) bool {
	for _, x := range was {
		if !slices.Contains(now, x) && !before.takenOff(after, id, x) {
			return false
		}
	}
	for _, x := range now {
		if !slices.Contains(was, x) && !before.carriedOn(after, id, x) {
			return false
		}
	}
	return true
}

// takenOff: open agenda x left planned meeting id because another planned
// meeting was given it (joining) or was reopened holding it (reopening), or
// because id was restored while another planned meeting had it (restoring).
func (before plannedWorld) takenOff(after plannedWorld, id, x string) bool {
	if !after.open[x] {
		return false
	}
	m0, m1 := before.meetings[id], after.meetings[id]
	restored := !m0.live && m1.planned()
	if !restored && !m0.planned() && !m1.planned() {
		return false
	}
	for other, o1 := range after.meetings {
		if other == id || !o1.planned() || !slices.Contains(o1.agendas, x) {
			continue
		}
		o0 := before.meetings[other]
		joined := !slices.Contains(o0.agendas, x)
		reopened := o0.live && o0.state == string(data.MeetingHeld)
		if restored || joined || reopened {
			return true
		}
	}
	return false
}

// carriedOn: open agenda x joined meeting id, the earliest planned meeting
// other than one marked held that had it open on its list.
func (before plannedWorld) carriedOn(after plannedWorld, id, x string) bool {
	if !after.open[x] || !after.meetings[id].planned() {
		return false
	}
	for held, h1 := range after.meetings {
		h0 := before.meetings[held]
		if held == id || !h0.planned() || !h1.live || h1.state != string(data.MeetingHeld) || !slices.Contains(h0.agendas, x) {
			continue
		}
		earliest := ""
		for other, o := range after.meetings {
			if other == held || !o.planned() {
				continue
			}
			if e, ok := after.meetings[earliest]; earliest == "" || !ok || o.startsAt < e.startsAt || o.startsAt == e.startsAt && other < earliest {
				earliest = other
			}
		}
		if earliest == id {
			return true
		}
	}
	return false
}
