package notion

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// The figures that matter are requests per cycle and seconds on the fake's
// clock with Notion's rate limit on (what a real workspace would take);
// ns/op only measures this machine.
func BenchmarkInitialPush(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			for range b.N {
				limit := notionfake.NotionRateLimit()
				h := newHarness(&testing.T{}, 7, &limit)
				addTasks(b, h, n)
				start := h.client.Stats()
				t0 := h.fake.Now()
				sum := h.cycle()
				report(b, h, start, t0, sum, n)
			}
		})
	}
}

func BenchmarkIncrementalCycle(b *testing.B) {
	for _, k := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("changes=%d", k), func(b *testing.B) {
			for range b.N {
				limit := notionfake.NotionRateLimit()
				h := newHarness(&testing.T{}, 8, &limit)
				tasks := addTasks(b, h, 300)
				h.cycle()
				h.fake.Advance(10 * time.Minute)
				h.cycle()
				h.fake.Advance(10 * time.Minute)
				for i := range k {
					t := tasks[i]
					t.Title += " (edited)"
					t.Revision = 0
					if err := h.store.UpdateTask(context.Background(), &t); err != nil {
						b.Fatal(err)
					}
				}
				start := h.client.Stats()
				t0 := h.fake.Now()
				sum := h.cycle()
				report(b, h, start, t0, sum, k)
			}
		})
	}
}

// BenchmarkIdleCycle is a cycle with nothing to do on a workspace of 300
// tasks: one query per database, plus the confirmation walk's slice.
func BenchmarkIdleCycle(b *testing.B) {
	for range b.N {
		limit := notionfake.NotionRateLimit()
		h := newHarness(&testing.T{}, 9, &limit)
		addTasks(b, h, 300)
		h.cycle()
		for range 3 {
			h.fake.Advance(10 * time.Minute)
			h.cycle()
		}
		start := h.client.Stats()
		t0 := h.fake.Now()
		sum := h.cycle()
		report(b, h, start, t0, sum, 0)
	}
}

func addTasks(b *testing.B, h *harness, n int) []data.Task {
	out := make([]data.Task, 0, n)
	for i := range n {
		t := data.Task{SeriesID: h.series, Title: fmt.Sprintf("Task %d", i)}
		if err := h.store.CreateTask(context.Background(), &t); err != nil {
			b.Fatal(err)
		}
		out = append(out, t)
	}
	return out
}

func report(b *testing.B, h *harness, start api.Stats, t0 time.Time, sum Summary, changed int) {
	end := h.client.Stats()
	b.ReportMetric(float64(end.Requests-start.Requests), "requests")
	b.ReportMetric(float64(changed+len(h.cfg.Databases)), "floor-requests")
	b.ReportMetric(float64(sum.Confirm), "confirm-requests")
	b.ReportMetric(h.fake.Now().Sub(t0).Seconds(), "fake-seconds")
	b.ReportMetric(float64(end.Throttled-start.Throttled), "answered-429")
	if sum.Pushed+sum.Created != changed {
		b.Fatalf("cycle wrote %d records, want %d (%s)", sum.Pushed+sum.Created, changed, sum)
	}
}
