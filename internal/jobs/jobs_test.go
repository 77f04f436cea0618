package jobs

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestPanickingJobsAreRecoveredLoggedCountedAndWaitedFor(t *testing.T) {
	var logs lockedBuffer
	r := New(slog.New(slog.NewTextHandler(&logs, nil)))
	release := make(chan struct{})
	finished := false
	r.Go("slow", func() {
		<-release
		finished = true
	})
	r.Go("sync", func() { panic("boom in a cycle") })
	r.Run("cron", func() { var m map[string]int; m["x"]++ })
	close(release)
	r.Wait()
	if !finished {
		t.Fatal("Wait returned before a running job ended")
	}
	if got := r.Panics(); got["sync"] != 1 || got["cron"] != 1 || len(got) != 2 {
		t.Fatalf("panics counted %v, want one each for sync and cron", got)
	}
	out := logs.String()
	if !strings.Contains(out, "boom in a cycle") || !strings.Contains(out, "assignment to entry in nil map") || !strings.Contains(out, "jobs_test.go") {
		t.Fatalf("the log lacks the panics or their stacks:\n%s", out)
	}
}
