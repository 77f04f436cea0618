package data_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
)

// The two database sizes the benchmarks compare: ~1k rows and ~100k
// agendas and tasks (20 series × 5 years of weekly meetings).
var benchSizes = []struct {
	name string
	size data.SeedSize
}{
	{"rows=1k", data.SeedSize{Series: 2, Weeks: 26, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}},
	{"rows=100k", data.SeedSize{Series: 20, Weeks: 260, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}},
}

// seeded caches one generated database file per size for the whole run:
// generating 100k rows takes a while, and each benchmark round gets a fresh
// copy of it.
var seeded = struct {
	sync.Mutex
	files map[data.SeedSize]string
}{files: map[data.SeedSize]string{}}

// TestMain removes the generated databases when the run ends.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range seeded.files {
		os.RemoveAll(filepath.Dir(f))
	}
	os.Exit(code)
}

// seededStore opens a fresh copy of the generated database; the clock
// stands at the end of the generated history.
func seededStore(b *testing.B, dir string, size data.SeedSize) (*data.Store, *testclock.Clock) {
	b.Helper()
	ctx := context.Background()
	seedNow := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	seeded.Lock()
	template, ok := seeded.files[size]
	if !ok {
		tdir, err := os.MkdirTemp("", "kaigi-bench-")
		if err != nil {
			b.Fatal(err)
		}
		s, err := data.Open(ctx, filepath.Join(tdir, "work.db"), data.Options{Now: func() time.Time { return seedNow }})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := data.Seed(ctx, s, size); err != nil {
			b.Fatal(err)
		}
		var agendas, tasks int
		data.PoolOf(s).QueryRow(`SELECT (SELECT count(*) FROM agendas), (SELECT count(*) FROM tasks)`).Scan(&agendas, &tasks)
		b.Logf("seeded %d agendas + %d tasks in %v", agendas, tasks, time.Since(start).Round(time.Millisecond))
		template = filepath.Join(tdir, "seed.db")
		if err := s.Backup(ctx, template); err != nil {
			b.Fatal(err)
		}
		s.Close()
		seeded.files[size] = template
	}
	seeded.Unlock()
	path := filepath.Join(dir, "bench.db")
	if err := data.Restore(ctx, template, path, true); err != nil {
		b.Fatal(err)
	}
	c := testclock.New(seedNow)
	s, err := data.Open(ctx, path, data.Options{Now: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, c
}

// BenchmarkNextMeeting opens one new meeting per iteration in a series
// with 10 open agendas and 10 open tasks, added to a generated history of
// each size: the cost should follow the open items, not the database size.
func BenchmarkNextMeeting(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			ctx := context.Background()
			s, clk := seededStore(b, b.TempDir(), bs.size)
			sr := data.Series{Name: "Bench weekly", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
			if err := s.CreateSeries(ctx, &sr); err != nil {
				b.Fatal(err)
			}
			for i := range 10 {
				a := data.Agenda{SeriesID: sr.ID, Title: fmt.Sprintf("Open topic %d", i), Priority: 1 + i%4}
				if err := s.CreateAgenda(ctx, &a, ""); err != nil {
					b.Fatal(err)
				}
				t := data.Task{SeriesID: sr.ID, Title: fmt.Sprintf("Open task %d", i)}
				if err := s.CreateTask(ctx, &t); err != nil {
					b.Fatal(err)
				}
			}
			var last data.Meeting
			b.ResetTimer()
			for range b.N {
				clk.Advance(7 * 24 * time.Hour)
				if last.ID != "" { // the next meeting is the one after a held one
					b.StopTimer()
					if _, err := s.SetMeetingState(ctx, last.ID, data.MeetingHeld, 0); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				m, created, err := s.NextMeeting(ctx, sr.ID)
				if err != nil || !created {
					b.Fatal(err, created)
				}
				last = m
				items, err := s.MeetingItems(ctx, m.ID)
				if err != nil || len(items) != 10 {
					b.Fatal(err, len(items))
				}
				tasks, err := s.Tasks(ctx, data.TaskFilter{SeriesID: sr.ID, OpenOnly: true})
				if err != nil || len(tasks) != 10 {
					b.Fatal(err, len(tasks))
				}
			}
		})
	}
}

// BenchmarkSearch runs a Japanese and an English query.
func BenchmarkSearch(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			ctx := context.Background()
			s, _ := seededStore(b, b.TempDir(), bs.size)
			queries := []string{"採用", "deployment pipeline"}
			b.ResetTimer()
			for i := range b.N {
				hits, err := s.Search(ctx, queries[i%len(queries)], data.SearchFilter{Limit: 20})
				if err != nil || len(hits) == 0 {
					b.Fatal(err, len(hits))
				}
			}
		})
	}
}

// BenchmarkLADRList reads a page of 500 LADRs with their links, as the
// LADR list page does.
func BenchmarkLADRList(b *testing.B) {
	ctx := context.Background()
	c := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	s, err := data.Open(ctx, filepath.Join(b.TempDir(), "ladrs.db"), data.Options{Now: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var prev data.LADRID
	for i := range 500 {
		l := data.LADR{Title: fmt.Sprintf("Decision record %d", i)}
		if i%5 == 0 && prev != "" {
			l.Supersedes = []data.LADRID{prev}
		}
		if err := s.CreateLADR(ctx, &l); err != nil {
			b.Fatal(err)
		}
		prev = l.ID
	}
	b.ResetTimer()
	for range b.N {
		list, err := s.LADRs(ctx, data.LADRFilter{Page: data.Page{Limit: 500}})
		if err != nil || len(list) != 500 {
			b.Fatal(err, len(list))
		}
	}
}

// BenchmarkMinutesPaths reads what issue 10 added, on each size: a held
// meeting's minutes (items with outcomes, last time's notes and decisions
// of each carried agenda, decisions, tasks, reopens), an agenda's thread,
// a page of each kind's trash, and a search for words that appear only in
// discussion notes.
func BenchmarkMinutesPaths(b *testing.B) {
	for _, bs := range benchSizes {
		b.Run(bs.name, func(b *testing.B) {
			ctx := context.Background()
			s, _ := seededStore(b, b.TempDir(), bs.size)
			series, err := s.ListSeries(ctx)
			if err != nil || len(series) == 0 {
				b.Fatal(err)
			}
			latest, err := s.Meetings(ctx, data.MeetingFilter{SeriesID: series[0].ID, Page: data.Page{Limit: 1}})
			if err != nil || len(latest) != 1 {
				b.Fatal(err)
			}
			mn, err := s.Minutes(ctx, latest[0].ID)
			if err != nil || len(mn.Items) == 0 {
				b.Fatal(err, len(mn.Items))
			}
			// The agenda carried longest on the latest list has the longest thread.
			agenda, carried := mn.Items[0].Agenda.ID, 0
			for _, it := range mn.Items {
				if it.CarryCount > carried {
					agenda, carried = it.Agenda.ID, it.CarryCount
				}
			}
			// A hundred of each kind in the trash.
			for _, e := range []data.Entity{data.EntityAgenda, data.EntityTask, data.EntityDecision} {
				ids, err := s.RecordIDs(ctx, e, false)
				if err != nil {
					b.Fatal(err)
				}
				for _, id := range ids[:100] {
					if err := s.SetDeleted(ctx, e, id, true); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.Run("path=minutes", func(b *testing.B) {
				for range b.N {
					if _, err := s.Minutes(ctx, latest[0].ID); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("path=thread", func(b *testing.B) {
				for range b.N {
					if th, err := s.AgendaThread(ctx, agenda); err != nil || len(th) == 0 {
						b.Fatal(err)
					}
				}
			})
			b.Run("path=trash", func(b *testing.B) {
				for range b.N {
					if items, err := s.Trash(ctx, data.EntityTask, data.Page{Limit: 51}); err != nil || len(items) != 51 {
						b.Fatal(err, len(items))
					}
				}
			})
			queries := []string{"移行計画", "vendor's answer"}
			b.Run("path=search-notes", func(b *testing.B) {
				for i := range b.N {
					hits, err := s.Search(ctx, queries[i%len(queries)], data.SearchFilter{Limit: 20})
					if err != nil || len(hits) == 0 || hits[0].MeetingID == "" {
						b.Fatal(err, len(hits))
					}
				}
			})
		})
	}
}
