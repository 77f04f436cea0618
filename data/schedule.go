package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// ParseSchedule reads a five-field cron expression ("0 10 * * MON") or a
// descriptor such as "@weekly".
func ParseSchedule(expr string) (cron.Schedule, error) {
	if expr == "" {
		return nil, Invalid("schedule", "schedule is required, e.g. \"0 10 * * MON\" for Mondays at 10:00")
	}
	var s cron.Schedule
	var err error
	if strings.HasPrefix(expr, biweeklyPrefix) {
		s, err = parseBiweekly(expr)
		if err != nil {
			return nil, err
		}
	} else if s, err = cron.ParseStandard(expr); err != nil {
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

// Schedules are cron expressions, plus one form cron cannot say: every
// other week, written "every 2 weeks from 2026-01-05: 0 10 * * MON" (the
// cron slots in the weeks an even number of weeks from the one of the
// date).
const biweeklyPrefix = "every 2 weeks from "

// biweekly keeps the slots of a weekly cron schedule that fall in every
// other week, counted from the week (Monday to Sunday) of from.
type biweekly struct {
	weekly cron.Schedule
	from   time.Time // a day of the first week, at midnight UTC
}

func (b biweekly) Next(t time.Time) time.Time {
	next := b.weekly.Next(t)
	for i := 0; i < 3 && !next.IsZero(); i++ {
		if weeksApart(b.from, next)%2 == 0 {
			return next
		}
		next = b.weekly.Next(next)
	}
	return next
}

// weeksApart counts the Monday-to-Sunday weeks between from's week and t's
// week (in t's location).
func weeksApart(from, t time.Time) int {
	monday := func(d time.Time) time.Time {
		day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	}
	w := int(monday(t).Sub(monday(from)).Hours()/24) / 7
	if w < 0 {
		w = -w
	}
	return w
}

func parseBiweekly(expr string) (cron.Schedule, error) {
	rest := strings.TrimPrefix(expr, biweeklyPrefix)
	day, spec, ok := strings.Cut(rest, ":")
	from, err := time.Parse(time.DateOnly, strings.TrimSpace(day))
	if !ok || err != nil {
		return nil, Invalid("schedule", "%q: write every other week as \"every 2 weeks from 2026-01-05: 0 10 * * MON\"", expr)
	}
	weekly, err := cron.ParseStandard(strings.TrimSpace(spec))
	if err != nil {
		return nil, Invalid("schedule", "%q is not a cron schedule (minute hour day month weekday): %v", spec, err)
	}
	return biweekly{weekly: weekly, from: from}, nil
}

// Repeat is how often a schedule made from the series form repeats.
type Repeat string

const (
	RepeatWeekly   Repeat = "weekly"
	RepeatBiweekly Repeat = "biweekly"
	RepeatMonthly  Repeat = "monthly"
	RepeatCustom   Repeat = "custom" // any other cron expression
)

// ScheduleParts is a schedule as the series form offers it: weekly or
// every other week on a weekday, or monthly on a day, at a time of day.
type ScheduleParts struct {
	Repeat       Repeat
	Weekday      time.Weekday
	Day          int // day of the month (monthly)
	Hour, Minute int
	From         Date // biweekly: a day of the first week
}

var cronWeekdays = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}

// Expr writes the parts as a schedule expression.
func (p ScheduleParts) Expr() string {
	switch p.Repeat {
	case RepeatWeekly:
		return fmt.Sprintf("%d %d * * %s", p.Minute, p.Hour, cronWeekdays[p.Weekday])
	case RepeatBiweekly:
		return fmt.Sprintf("%s%s: %d %d * * %s", biweeklyPrefix, p.From, p.Minute, p.Hour, cronWeekdays[p.Weekday])
	case RepeatMonthly:
		return fmt.Sprintf("%d %d %d * *", p.Minute, p.Hour, p.Day)
	}
	return ""
}

// SplitSchedule reads an expression back into the form's parts; anything
// the form cannot show is RepeatCustom.
func SplitSchedule(expr string) ScheduleParts {
	custom := ScheduleParts{Repeat: RepeatCustom}
	repeat, spec := RepeatWeekly, strings.TrimSpace(expr)
	var from Date
	if strings.HasPrefix(spec, biweeklyPrefix) {
		day, rest, ok := strings.Cut(strings.TrimPrefix(spec, biweeklyPrefix), ":")
		d, err := ParseDate(day)
		if !ok || err != nil {
			return custom
		}
		repeat, spec, from = RepeatBiweekly, strings.TrimSpace(rest), d
	}
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" {
		return custom
	}
	minute, err1 := strconv.Atoi(f[0])
	hour, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || minute < 0 || minute > 59 || hour < 0 || hour > 23 {
		return custom
	}
	p := ScheduleParts{Repeat: repeat, Hour: hour, Minute: minute, From: from}
	switch {
	case f[2] == "*" && f[4] != "*":
		wd := slices.Index(cronWeekdays, strings.ToUpper(f[4]))
		if n, err := strconv.Atoi(f[4]); err == nil && n >= 0 && n <= 7 {
			wd = n % 7
		}
		if wd < 0 {
			return custom
		}
		p.Weekday = time.Weekday(wd)
	case repeat == RepeatWeekly && f[4] == "*":
		day, err := strconv.Atoi(f[2])
		if err != nil || day < 1 || day > 31 {
			return custom
		}
		p.Repeat, p.Day = RepeatMonthly, day
	default:
		return custom
	}
	return p
}
