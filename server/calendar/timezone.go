package calendar

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
)

// timezone is the VTIMEZONE of zone for the instants from..to: the
// observance in force at from, then one per offset change up to to, as
// Go's zone database has them (no RRULE: every onset is listed, which is
// exact for the span the feed covers whatever rules the zone had).
func timezone(zone *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(zone.String())
	from, to = from.AddDate(0, 0, -7), to.AddDate(0, 0, 7)
	name, offset := from.In(zone).Zone()
	observe(tz, from.In(zone).IsDST(), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), offset, offset, name)
	for t := from; t.Before(to); {
		next, ok := nextChange(zone, t, to)
		if !ok {
			break
		}
		_, before := next.Add(-time.Second).In(zone).Zone()
		name, after := next.In(zone).Zone()
		// The onset is written in local time as it was before the change.
		onset := next.In(time.FixedZone("", before))
		observe(tz, next.In(zone).IsDST(), time.Date(onset.Year(), onset.Month(), onset.Day(), onset.Hour(), onset.Minute(),
			onset.Second(), 0, time.UTC), before, after, name)
		t = next
	}
	return tz
}

// nextChange finds the first instant after t (up to limit) at which zone's
// offset differs from its offset at t, to the second.
func nextChange(zone *time.Location, t, limit time.Time) (time.Time, bool) {
	_, off := t.In(zone).Zone()
	lo := t
	hi := t.Add(24 * time.Hour)
	for {
		if hi.After(limit) {
			hi = limit
		}
		if _, o := hi.In(zone).Zone(); o != off {
			break
		}
		if !hi.Before(limit) {
			return time.Time{}, false
		}
		lo, hi = hi, hi.Add(24*time.Hour)
	}
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
		if _, o := mid.In(zone).Zone(); o == off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, true
}

// observe adds a STANDARD or DAYLIGHT observance starting at the local
// wall time onset (given in UTC fields).
func observe(tz *ics.VTimezone, dst bool, onset time.Time, from, to int, name string) {
	var c ics.ComponentBase
	c.SetProperty(ics.ComponentPropertyDtStart, onset.Format(localLayout))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(to))
	if name != "" {
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	}
	if dst {
		tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: c})
	} else {
		tz.Components = append(tz.Components, &ics.Standard{ComponentBase: c})
	}
}

// utcOffset writes seconds east of UTC as ±hhmm, or ±hhmmss when the
// offset has seconds (old local mean times).
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
