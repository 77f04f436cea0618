package pages

// ProposeForm proposes an agenda for a series' backlog: on the series page
// (SeriesID set) or on home (a choice of Series).
type ProposeForm struct {
	SeriesID   string
	Series     []Option
	Priorities []Option
	Key        string // submission key
	Form       Form   // a failed proposal, shown again
}

// BacklogItem is an agenda waiting for the series' next meeting.
type BacklogItem struct {
	ID, Title, Priority, PriorityLabel string
	ProposedBy                         string // empty: not proposed through the backlog
}

// ConfirmNext asks what became of a meeting still planned before the one
// after it opens.
type ConfirmNext struct {
	MeetingID, Title, When, Revision string
	OpenAgendas                      int
	SkipTo                           string // empty: the schedule has no later slot
}

// SeriesCalendar is the series page's calendar subscription: URL only on
// the answer that made the address.
type SeriesCalendar struct {
	On  bool // the person has a calendar address already
	URL string
}
