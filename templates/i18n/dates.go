package i18n

import (
	"strconv"
	"time"
)

// Dates and times as each language writes them. Every view model formats
// through these, so a page never mixes styles:
//
//	ja: 2026年12月8日(火) 10:00 JST    en: Tue 8 Dec 2026 10:00 JST
//
// Times are shown in the location t carries (a meeting in its series'
// zone, a person's digest in theirs), with that zone's abbreviation.

var jaWeekdays = [7]string{"日", "月", "火", "水", "木", "金", "土"}

// Date is the calendar day of t with its weekday.
func (t *T) Date(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	if t.Lang() == Japanese {
		y, m, d := at.Date()
		return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(d) + "日(" + jaWeekdays[at.Weekday()] + ")"
	}
	return at.Format("Mon 2 Jan 2006")
}

// DateTime is the day, the time of day and the zone of at.
func (t *T) DateTime(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return t.Date(at) + " " + at.Format("15:04 MST")
}

// Clock is the time of day of at with its zone.
func (t *T) Clock(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return at.Format("15:04 MST")
}

// Day is a calendar day given by its parts (a due date, which has no zone).
func (t *T) Day(year int, month time.Month, day int) string {
	if year == 0 {
		return ""
	}
	return t.Date(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}
