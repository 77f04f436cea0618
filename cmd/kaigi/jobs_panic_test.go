package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/internal/jobs"
)

// TestEveryCronJobSurvivesAPanic runs each scheduled job once on a nil
// store, where every one of them panics: each panic is recovered, logged
// with its stack and counted under the job's name.
func TestEveryCronJobSurvivesAPanic(t *testing.T) {
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	cfg := serveConfig{OpenAhead: time.Hour, OpenSchedule: "*/15 * * * *", SyncSchedule: "off", background: jobs.New(log)}
	c, err := startJobs(context.Background(), nil, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	for _, e := range c.Entries() {
		e.Job.Run() // would end the test binary if it escaped
	}
	got := cfg.background.Panics()
	if got["open upcoming meetings"] != 1 || got["delete expired sessions"] != 1 || len(got) != len(c.Entries()) {
		t.Fatalf("panics counted %v for %d jobs", got, len(c.Entries()))
	}
	if n := strings.Count(logs.String(), "background job panicked"); n != len(c.Entries()) || !strings.Contains(logs.String(), "goroutine") {
		t.Fatalf("%d panics logged (with stacks?):\n%s", n, logs)
	}
}
