package data

import (
	"time"

	"github.com/robfig/cron/v3"
)

// ParseSchedule reads a five-field cron expression ("0 10 * * MON") or a
// descriptor such as "@weekly".
func ParseSchedule(expr string) (cron.Schedule, error) {
	if expr == "" {
		return nil, Invalid("schedule", "schedule is required, e.g. \"0 10 * * MON\" for Mondays at 10:00")
	}
	s, err := cron.ParseStandard(expr)
	if err != nil {
		return nil, Invalid("schedule", "%q is not a cron schedule (minute hour day month weekday): %v", expr, err)
	}
	// cron looks five years ahead for a match, and every real schedule
	// fires within that from any start (a leap day included), so a fixed
	// start keeps the check independent of the clock.
	if s.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, Invalid("schedule", "%q never fires: no date has that day in that month (e.g. 30 February); choose a day every chosen month has", expr)
	}
	return s, nil
}

// NextSlot returns the first scheduled start strictly after t, computed in
// the series' time zone so that "10:00 on Mondays" stays 10:00 across
// daylight-saving changes.
func (s *Series) NextSlot(t time.Time) (time.Time, error) {
	sched, err := ParseSchedule(s.Schedule)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.Time{}, Invalid("time_zone", "%q is not a time zone", s.TimeZone)
	}
	next := sched.Next(t.In(loc))
	if next.IsZero() {
		return time.Time{}, Invalid("schedule", "schedule %q never fires", s.Schedule)
	}
	return next.UTC(), nil
}
