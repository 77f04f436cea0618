package data

import "time"

// RecordedAt is the moment a held meeting's minutes describe: the end of
// its day in its series' zone, so work done that day counts and later work
// never changes the minutes. Zero for a meeting not held yet: its minutes
// are a draft and show things as they are now.
func (mn Minutes) RecordedAt() time.Time {
	if mn.Meeting.State != MeetingHeld {
		return time.Time{}
	}
	loc, err := time.LoadLocation(mn.Series.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	start := mn.Meeting.StartsAt.In(loc)
	return time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, loc)
}

// StateAt is a task's state as it stood at a moment (zero: now). Only the
// finish is dated (DoneAt): a task finished later was still to do then;
// one whose last change came later is shown as to do too, since its state
// then is not kept.
func (t Task) StateAt(at time.Time) TaskState {
	if at.IsZero() {
		return t.State
	}
	if t.State == TaskDone && !t.DoneAt.IsZero() {
		if t.DoneAt.Before(at) {
			return TaskDone
		}
		return TaskTodo
	}
	if t.UpdatedAt.Before(at) {
		return t.State
	}
	return TaskTodo
}
