package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// A task is reassigned and rescheduled on its own page; a due date that has
// already passed is saved, and the task shows as overdue.
func TestEditTaskOnItsPage(t *testing.T) {
	e := newEnv(t) // clock: 2026-01-05
	ctx := context.Background()
	_, m := e.seedMeeting("Platform weekly")
	task := data.Task{SeriesID: m.SeriesID, MeetingID: m.ID, Title: "Split the CI pipeline"}
	if err := e.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	b := e.login()
	path := "/tasks/" + string(task.ID)
	if _, page := b.get("/tasks"); !strings.Contains(page, `href="`+path+`"`) {
		t.Fatal("the task list does not link to the task's page")
	}
	resp, body := b.submit(path, url.Values{"revision": {fmt.Sprint(task.Revision)}, "title": {"CI パイプラインを分割する"},
		"assignee_id": {string(e.user.ID)}, "due": {"2026-01-20"}, "state": {"doing"}})
	seeOther(t, resp, body)
	got, err := e.store.Task(ctx, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "CI パイプラインを分割する" || got.AssigneeID != e.user.ID || got.Due.String() != "2026-01-20" || got.State != data.TaskDoing {
		t.Fatalf("saved task: %+v", got)
	}
	resp, page := b.submit(path, url.Values{"revision": {fmt.Sprint(got.Revision)}, "title": {"already late"},
		"due": {"2025-12-01"}, "state": {"doing"}})
	seeOther(t, resp, page)
	if _, page = b.get(path); !strings.Contains(page, "overdue") || !strings.Contains(page, "2025-12-01") {
		t.Fatalf("a late due date is not shown as overdue:\n%s", page)
	}
}
