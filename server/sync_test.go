package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/server"
)

// fakeSync records what the pages asked of it.
type fakeSync struct {
	conflicts []server.SyncConflict
	resolved  map[string]string
	runs      int
	status    server.SyncStatus
	runs2     []server.SyncRun // the run history
}

func (f *fakeSync) SyncNow(context.Context) error { f.runs++; return nil }
func (f *fakeSync) Status(context.Context) (server.SyncStatus, error) {
	st := f.status
	st.Pending = 2
	return st, nil
}
func (f *fakeSync) Conflicts(context.Context) ([]server.SyncConflict, error) { return f.conflicts, nil }
func (f *fakeSync) ResolveConflict(_ context.Context, id, keep string) error {
	f.resolved[id] = keep
	return nil
}
func (f *fakeSync) Runs(context.Context, int) ([]server.SyncRun, error) { return f.runs2, nil }

func TestSyncBitsShowOnlyWithASync(t *testing.T) {
	plain := newEnv(t).login()
	if _, body := plain.get("/"); strings.Contains(body, `href="/sync"`) {
		t.Fatal("the home page links to sync without one configured")
	}
	if resp, _ := plain.get("/sync"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("/sync without a sync: %d", resp.StatusCode)
	}

	fs := &fakeSync{resolved: map[string]string{}, conflicts: []server.SyncConflict{
		{ID: "c1", Entity: "task", Title: "<b>Ship</b>", Field: "title", Local: "Ship Friday", Remote: "Ship Monday"}}}
	b := newEnv(t, func(d *server.Deps) { d.Sync = fs }).login()
	_, body := b.get("/")
	if !strings.Contains(body, "Ship Monday") || !strings.Contains(body, "&lt;b&gt;Ship&lt;/b&gt;") {
		t.Fatalf("home does not show the waiting conflict (escaped):\n%s", body)
	}
	resp, body := b.submit("/sync/conflicts/c1", url.Values{"keep": {"remote"}})
	seeOther(t, resp, body)
	if fs.resolved["c1"] != "remote" {
		t.Fatalf("resolve sent %v", fs.resolved)
	}
	if resp, _ := b.submit("/sync/conflicts/c1", url.Values{"keep": {"both"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("keep=both: %d", resp.StatusCode)
	}
	resp, body = b.submit("/sync/run", url.Values{})
	seeOther(t, resp, body)
	if fs.runs != 1 {
		t.Fatalf("sync ran %d times", fs.runs)
	}
}

// TestSyncPageShowsProblemsAndConfirmation: the Sync page lists each
// standing problem once, with its link into Notion and what to do (Notion's
// text escaped), and says when each database was last fully confirmed.
func TestSyncPageShowsProblemsAndConfirmation(t *testing.T) {
	confirmed := time.Date(2026, 1, 13, 1, 5, 0, 0, time.UTC)
	fs := &fakeSync{resolved: map[string]string{}, status: server.SyncStatus{
		Problems: []server.SyncProblem{{Message: `Agendas page "<i>x</i>": 優先度 is "未定"`, URL: "https://www.notion.so/0123456789abcdef0123456789abcdef",
			Fix: "pick another option in Notion", Since: confirmed}},
		Databases: []server.SyncDatabase{{Name: "Agendas", LastFull: confirmed}, {Name: "Tasks"}},
	}}
	b := newEnv(t, func(d *server.Deps) { d.Sync = fs }).login()
	_, body := b.get("/sync")
	for _, want := range []string{`優先度 is &#34;未定&#34;`, `&lt;i&gt;x&lt;/i&gt;`, `href="https://www.notion.so/0123456789abcdef0123456789abcdef"`,
		"pick another option in Notion", "Every page last confirmed", "not yet"} {
		if !strings.Contains(body, want) {
			t.Errorf("the sync page lacks %q:\n%s", want, body)
		}
	}
	if strings.Count(body, "未定") != 1 {
		t.Errorf("the problem shows %d times, want once", strings.Count(body, "未定"))
	}
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/openapi.yaml", nil)
	req.Header.Set("Authorization", "Bearer "+e.api().token)
	resp, spec := e.anonymous().do(req)
	if resp.StatusCode != http.StatusOK || !strings.Contains(spec, "/series/{id}/next-meeting:") || !strings.Contains(spec, "/ladrs/{id}:") {
		t.Fatalf("openapi: %d", resp.StatusCode)
	}
}
