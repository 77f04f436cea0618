package server_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestPatchWithoutRevisionNeverConflicts: PATCH checks a revision only
// when the body sends one. Twenty people saving one task at once without
// it all succeed, and none undoes another's field; a stale revision is
// still refused.
func TestPatchWithoutRevisionNeverConflicts(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	var sr, task record
	if code := api.call("POST", "/series", `{"name":"Weekly","schedule":"0 10 * * MON","time_zone":"UTC"}`, &sr); code != http.StatusCreated {
		t.Fatalf("create series: %d", code)
	}
	if code := api.call("POST", "/tasks", fmt.Sprintf(`{"series_id":%q,"title":"Book the room"}`, sr.id()), &task); code != http.StatusCreated {
		t.Fatalf("create task: %d", code)
	}
	stale := task["revision"]
	const people = 20
	codes := make([]int, people)
	var wg sync.WaitGroup
	for i := range people {
		wg.Go(func() {
			body := fmt.Sprintf(`{"title":"Book the room (%d)"}`, i)
			if i == 0 {
				body = `{"state":"doing"}` // another field, which the others' saves must keep
			}
			codes[i] = api.call("PATCH", "/tasks/"+task.id(), body, nil)
		})
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("PATCH %d without a revision answered %d", i, code)
		}
	}
	var got record
	api.call("GET", "/tasks/"+task.id(), "", &got)
	if got["state"] != "doing" {
		t.Errorf("a concurrent PATCH undid the state change: %v", got["state"])
	}
	var refused apiError
	if code := api.call("PATCH", "/tasks/"+task.id(), fmt.Sprintf(`{"title":"Late","revision":%v}`, stale), &refused); code != http.StatusConflict || refused.Error.Field != "revision" {
		t.Fatalf("PATCH with a stale revision: %d %+v, want 409", code, refused)
	}
}
