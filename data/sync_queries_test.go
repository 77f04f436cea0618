package data_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func TestDependentsNameEveryRecordPointingAtOne(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m := data.Meeting{SeriesID: sr.ID, Title: "Weekly", StartsAt: time.Date(2026, 1, 12, 1, 0, 0, 0, time.UTC)}
	must(t, s.CreateMeeting(ctx, &m))
	a := data.Agenda{SeriesID: sr.ID, Title: "Cache"}
	must(t, s.CreateAgenda(ctx, &a, m.ID))
	l := data.LADR{Title: "Use Redis"}
	must(t, s.CreateLADR(ctx, &l))
	task := data.Task{SeriesID: sr.ID, Title: "Benchmark", AgendaID: a.ID, MeetingID: m.ID}
	must(t, s.CreateTask(ctx, &task))
	d := data.Decision{Title: "Redis", AgendaID: a.ID, LADRID: l.ID, MeetingID: m.ID}
	must(t, s.CreateDecision(ctx, &d))
	must(t, s.SetDeleted(ctx, data.EntityTask, string(task.ID), true)) // the trash counts too
	other := data.Agenda{SeriesID: sr.ID, Title: "Unrelated"}
	must(t, s.CreateAgenda(ctx, &other, ""))

	for _, tt := range []struct {
		target data.Entity
		id     string
		want   []data.Ref
	}{
		{data.EntityAgenda, string(a.ID), []data.Ref{{data.EntityMeeting, string(m.ID)}, {data.EntityTask, string(task.ID)}, {data.EntityDecision, string(d.ID)}}},
		{data.EntityMeeting, string(m.ID), []data.Ref{{data.EntityTask, string(task.ID)}, {data.EntityDecision, string(d.ID)}}},
		{data.EntitySeries, string(sr.ID), []data.Ref{{data.EntityMeeting, string(m.ID)}}},
		{data.EntityLADR, string(l.ID), []data.Ref{{data.EntityDecision, string(d.ID)}}},
		{data.EntityAgenda, string(other.ID), nil},
		{data.EntityTask, string(task.ID), nil}, // nothing points at a task
	} {
		got, err := s.Dependents(ctx, tt.target, tt.id)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("dependents of %s: %v (%v), want %v", tt.target, got, err, tt.want)
		}
	}
}

func TestCountChangedCountsEachRecordOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	from, _, err := s.LastChange(ctx)
	must(t, err)
	a := data.Agenda{SeriesID: sr.ID, Title: "One"}
	must(t, s.CreateAgenda(ctx, &a, ""))
	a.Title = "One, edited"
	must(t, s.UpdateAgenda(ctx, &a))
	task := data.Task{SeriesID: sr.ID, Title: "Two"}
	must(t, s.CreateTask(ctx, &task))
	pulled := data.Task{SeriesID: sr.ID, Title: "From Notion"}
	must(t, s.CreateTask(data.WithOrigin(ctx, "notion"), &pulled))

	for _, tt := range []struct {
		kinds []data.Entity
		want  int
	}{
		{[]data.Entity{data.EntityAgenda, data.EntityTask}, 2},
		{[]data.Entity{data.EntityTask}, 1},
		{[]data.Entity{data.EntityMeeting}, 0},
		{nil, 0},
	} {
		if n, err := s.CountChanged(ctx, from, "notion", tt.kinds); err != nil || n != tt.want {
			t.Errorf("changed %v: %d (%v), want %d", tt.kinds, n, err, tt.want)
		}
	}
	last, _, _ := s.LastChange(ctx)
	if n, _ := s.CountChanged(ctx, last, "notion", []data.Entity{data.EntityAgenda, data.EntityTask}); n != 0 {
		t.Errorf("after the last change: %d", n)
	}
}

func TestRecordIDsLiveOrInTheTrash(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	var ids []string
	for _, title := range []string{"a", "b", "c"} {
		a := data.Agenda{SeriesID: sr.ID, Title: title}
		must(t, s.CreateAgenda(ctx, &a, ""))
		ids = append(ids, string(a.ID))
	}
	must(t, s.SetDeleted(ctx, data.EntityAgenda, ids[1], true))
	slices.Sort(ids)
	live, err := s.RecordIDs(ctx, data.EntityAgenda, false)
	must(t, err)
	trashed, err := s.RecordIDs(ctx, data.EntityAgenda, true)
	must(t, err)
	if len(live) != 2 || !slices.IsSorted(live) || slices.Contains(live, trashed[0]) || len(trashed) != 1 {
		t.Fatalf("live %v, trashed %v", live, trashed)
	}
	if tasks, _ := s.RecordIDs(ctx, data.EntityTask, false); len(tasks) != 0 {
		t.Fatalf("tasks %v", tasks)
	}
}
