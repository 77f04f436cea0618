package data

import "time"

// Age is how long an agenda has been on the table, the one definition
// every page, chart, minutes and API use: whole days since it was first
// raised (made in a meeting or proposed to the backlog), and how many
// meetings it was carried into, both as of one moment.
type Age struct {
	Days    int
	Carried int
}

// AgeAt is the age of an agenda raised at raised and carried carried times,
// as of asOf (never negative).
func AgeAt(raised time.Time, carried int, asOf time.Time) Age {
	return Age{Days: max(int(asOf.Sub(raised).Hours()/24), 0), Carried: carried}
}

// AgesAsOf is the moment a meeting's ages are counted to: its start once
// it has started or was held (so its minutes never change with the clock),
// now before that.
func (m Meeting) AgesAsOf(now time.Time) time.Time {
	if m.State == MeetingHeld || m.StartsAt.Before(now) {
		return m.StartsAt
	}
	return now
}

// Age is the agenda's age as it stood on this meeting's list.
func (it MeetingItem) Age(asOf time.Time) Age {
	return AgeAt(it.Agenda.CreatedAt, it.CarryCount, asOf)
}

// ClosedIn is the meeting of an agenda's thread where it was resolved or
// dropped (the latest such), if it was closed in a meeting.
func ClosedIn(thread []ThreadEntry) (ThreadEntry, bool) {
	for i := len(thread) - 1; i >= 0; i-- {
		if thread[i].Discussion.Outcome.Closes() {
			return thread[i], true
		}
	}
	return ThreadEntry{}, false
}

// ThreadAge is an agenda's age from its whole thread: as of now while it is
// open, else as of the meeting that closed it (or when it was closed
// outside a meeting), carried as often as its thread says.
func ThreadAge(a Agenda, thread []ThreadEntry, now time.Time) Age {
	carried := 0
	for _, e := range thread {
		if e.Discussion.Carried {
			carried++
		}
	}
	asOf := now
	if a.State != AgendaOpen {
		asOf = a.ResolvedAt
		if e, ok := ClosedIn(thread); ok {
			asOf = e.Meeting.StartsAt
		}
	}
	return AgeAt(a.CreatedAt, carried, asOf)
}
