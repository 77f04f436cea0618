package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

var (
	nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	taskLink = regexp.MustCompile(`<a href="/tasks/([0-9a-f-]+)">`)
)

// TestTaskListPages: the task list shows a page at a time, and following
// its "More tasks" links shows every task once, in order.
func TestTaskListPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, _ := e.seedMeeting("Weekly")
	for i := range 130 {
		tk := data.Task{SeriesID: sr.ID, Title: fmt.Sprintf("Task %03d", i), Due: data.Date{Year: 2026, Month: 2, Day: 1 + i%28}}
		if err := e.store.CreateTask(ctx, &tk); err != nil {
			t.Fatal(err)
		}
	}
	b := e.login()
	seen := map[string]bool{}
	pages := 0
	for path := "/tasks?state=all"; path != ""; pages++ {
		resp, page := b.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		for _, m := range taskLink.FindAllStringSubmatch(page, -1) {
			if seen[m[1]] {
				t.Errorf("task %s shown twice", m[1])
			}
			seen[m[1]] = true
		}
		path = ""
		if m := nextLink.FindStringSubmatch(page); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	if len(seen) != 130 || pages != 2 {
		t.Errorf("saw %d tasks on %d pages, want 130 on 2", len(seen), pages)
	}
}
