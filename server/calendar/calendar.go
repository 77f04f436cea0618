// Package calendar writes kaigi's records as iCalendar (RFC 5545) feeds a
// calendar app subscribes to: a series' meetings, in the series' time zone
// (TZID and a VTIMEZONE built from Go's zone database, so that 10:00 in
// Tokyo stays 10:00 in any client), and a person's task due dates as
// all-day events. It knows nothing of the store: the server hands it
// plain values. The iCalendar text is written by golang-ical.
package calendar

import (
	"io"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Meeting is one meeting of a series feed. ID makes its UID; Tentative
// marks a slot of the schedule where no meeting is open yet.
type Meeting struct {
	ID, Title, URL string
	Description    string // "" : the URL
	Start, End     time.Time
	Changed        time.Time // the record's last change (DTSTAMP, LAST-MODIFIED)
	Tentative      bool
}

// Task is one due date of a person's task feed.
type Task struct {
	ID, Summary, Description, URL string
	Due                           time.Time // the calendar day, at any hour
	Changed                       time.Time
}

const product = "-//kaigi//kaigi calendar//EN"

// localLayout is a DATE-TIME in a TZID's local time.
const localLayout = "20060102T150405"

// WriteSeries writes the feed of a series' meetings in zone.
func WriteSeries(w io.Writer, name string, zone *time.Location, meetings []Meeting) error {
	cal := newCalendar(name)
	cal.SetXWRTimezone(zone.String())
	if len(meetings) > 0 {
		from, to := meetings[0].Start, meetings[0].End
		for _, m := range meetings {
			from, to = earliest(from, m.Start), latest(to, m.End)
		}
		cal.AddVTimezone(timezone(zone, from, to))
	}
	tzid := ics.WithTZID(zone.String())
	for _, m := range meetings {
		e := cal.AddEvent(m.ID + "@kaigi")
		e.SetDtStampTime(m.Changed)
		e.SetModifiedAt(m.Changed)
		e.SetProperty(ics.ComponentPropertyDtStart, m.Start.In(zone).Format(localLayout), tzid)
		e.SetProperty(ics.ComponentPropertyDtEnd, m.End.In(zone).Format(localLayout), tzid)
		e.SetSummary(m.Title)
		e.SetStatus(ics.ObjectStatusConfirmed)
		if m.Tentative {
			e.SetStatus(ics.ObjectStatusTentative)
		}
		if m.URL != "" {
			e.SetURL(m.URL)
		}
		if desc := m.Description; desc != "" || m.URL != "" {
			if desc == "" {
				desc = m.URL
			}
			e.SetDescription(desc)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}

// WriteTasks writes the feed of a person's tasks as all-day events on
// their due dates; they do not make the person look busy.
func WriteTasks(w io.Writer, name string, tasks []Task) error {
	cal := newCalendar(name)
	for _, t := range tasks {
		e := cal.AddEvent(t.ID + "@kaigi")
		day := time.Date(t.Due.Year(), t.Due.Month(), t.Due.Day(), 0, 0, 0, 0, time.UTC)
		e.SetDtStampTime(t.Changed)
		e.SetModifiedAt(t.Changed)
		e.SetAllDayStartAt(day)
		e.SetAllDayEndAt(day.AddDate(0, 0, 1))
		e.SetSummary(t.Summary)
		e.SetTimeTransparency(ics.TransparencyTransparent)
		if t.Description != "" {
			e.SetDescription(t.Description)
		}
		if t.URL != "" {
			e.SetURL(t.URL)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}

func newCalendar(name string) *ics.Calendar {
	cal := ics.NewCalendarFor("kaigi")
	cal.SetProductId(product)
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	return cal
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
