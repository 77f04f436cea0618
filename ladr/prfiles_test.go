package ladr

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/forge"
	"github.com/kaigi-dev/kaigi/ladr/forge/forgefake"
)

// prFilesWorld is a team repository whose record 2 went up for review on
// ladr/0002-use-sqlite, a server clone, and a fake GitHub.
func prFilesWorld(t *testing.T) (st *data.Store, l data.LADR, work, remote string, files *PRFiles, gh *forgefake.GitHub) {
	t.Helper()
	ctx := context.Background()
	st = openStore(t)
	work, remote = teamRepo(t)
	res := newRecord(t, st, work, "Use SQLite")
	_, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: work, Layout: Layout{Dir: "doc/adr"}, Push: true})
	must(t, err)
	server := filepath.Join(t.TempDir(), "server")
	gitT(t, work, "clone", "--quiet", remote, server)
	gh = &forgefake.GitHub{Fake: forgefake.Fake{Token: "ghp_good", Repo: "acme/eng", DefaultBranch: "main"}}
	srv := httptest.NewServer(gh)
	t.Cleanup(srv.Close)
	f, err := forge.New(forge.Config{Kind: "github", APIURL: srv.URL, Token: "ghp_good", Repo: "acme/eng"})
	must(t, err)
	files = &PRFiles{Repo: server, Dir: "doc/adr", Forge: f}
	l, err = st.LADR(ctx, res.LADR.ID)
	must(t, err)
	return st, l, work, remote, files, gh
}

// mergeOnRemote merges the branch into main as the forge would.
func mergeOnRemote(t *testing.T, work, branch string) {
	gitT(t, work, "switch", "--quiet", "main")
	gitT(t, work, "fetch", "--quiet")
	gitT(t, work, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "merge", "--quiet", "--no-ff", "-m", "Merge", "origin/"+branch)
	gitT(t, work, "push", "--quiet", "origin", "main")
}

func TestMergedWithoutTheStatusOpensAFollowUpPullRequest(t *testing.T) {
	st, l, work, remote, files, gh := prFilesWorld(t)
	branch := PRBranch(l)
	mergeOnRemote(t, work, branch) // merged before anyone approved it
	main := gitT(t, remote, "rev-parse", "main")
	f := &PRFollower{Store: st, Files: files, Log: slog.New(slog.DiscardHandler)}
	ev := PREvent{Source: "github", Delivery: "m1", Repo: "acme/eng", Number: 1, Branch: branch, Base: "main", State: data.PRMerged, UpdatedAt: time.Now()}
	must(t, f.Handle(context.Background(), ev))
	made := gh.Created()
	if len(made) != 1 || made[0].Head != "kaigi/ladr-0002-accepted" || made[0].Base != "main" || made[0].Title != "LADR 0002: accepted" {
		t.Fatalf("follow-up pull requests: %+v", made)
	}
	if gitT(t, remote, "rev-parse", "main") != main {
		t.Error("kaigi pushed to main")
	}
	file := gitT(t, remote, "show", "kaigi/ladr-0002-accepted:doc/adr/0002-use-sqlite.md")
	if !strings.Contains(file, "## Status\n\nAccepted") {
		t.Errorf("the follow-up's file:\n%s", file)
	}
	if got, _ := st.LADR(context.Background(), l.ID); got.State != data.LADRAccepted {
		t.Errorf("record %s", got.State)
	}
	// The follow-up's own webhooks do not move the record.
	must(t, f.Handle(context.Background(), PREvent{Source: "github", Delivery: "f1", Repo: "acme/eng", Number: 2, Branch: "kaigi/ladr-0002-accepted", State: data.PROpen, UpdatedAt: time.Now()}))
	if got, _ := st.LADR(context.Background(), l.ID); got.State != data.LADRAccepted {
		t.Errorf("the follow-up's opened event moved the record to %s", got.State)
	}
}

func TestClosedUnmergedLeavesTheFileAndRejectsWhereTheFolderSaysSo(t *testing.T) {
	st, l, _, remote, files, gh := prFilesWorld(t)
	branch := PRBranch(l)
	before := gitT(t, remote, "rev-parse", branch)
	f := &PRFollower{Store: st, Files: files, Log: slog.New(slog.DiscardHandler)}
	must(t, f.Handle(context.Background(), PREvent{Source: "github", Delivery: "c1", Repo: "acme/eng", Number: 1, Branch: branch, Base: "main", State: data.PRClosed, UpdatedAt: time.Now()}))
	got, _ := st.LADR(context.Background(), l.ID)
	if got.State != data.LADRRejected {
		t.Errorf("closed unmerged in a folder with no closed list of words: %s, want rejected", got.State)
	}
	if gitT(t, remote, "rev-parse", branch) != before || len(gh.Created()) != 0 {
		t.Error("closing changed the branch or opened a pull request")
	}

	// A folder whose template offers only 提案 | 承認 has no word for
	// rejected: the record goes back to draft.
	tpl := filepath.Join(files.Repo, "doc", "adr", "template.md")
	must(t, os.WriteFile(tpl, []byte("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nProposed | Accepted\n\n## Context\n\n## Decision\n\n## Consequences\n"), 0o644))
	if st := files.ClosedState(context.Background()); st != data.LADRDraft {
		t.Errorf("closed state with a template offering only proposed and accepted: %s", st)
	}
}

func TestGitLabWebhookChecksTheTokenAndFollowsTheMergeRequest(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite"}
	must(t, st.CreateLADR(ctx, &l))
	h := NewGitLabWebhook(&PRFollower{Store: st, Log: slog.New(slog.DiscardHandler)}, "gl-secret")
	post := func(token, uuid, state, action, at string) int {
		body := `{"object_kind":"merge_request","project":{"path_with_namespace":"acme/eng"},"object_attributes":{"iid":7,"state":"` + state +
			`","action":"` + action + `","updated_at":"` + at + `","source_branch":"ladr/0001-use-sqlite","target_branch":"main","url":"https://gitlab.example.com/acme/eng/-/merge_requests/7"}}`
		req := httptest.NewRequest(http.MethodPost, "/webhooks/gitlab", strings.NewReader(body))
		req.Header.Set("X-Gitlab-Token", token)
		req.Header.Set("X-Gitlab-Event-UUID", uuid)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := post("guess", "u0", "opened", "open", "2026-03-02 09:00:00 UTC"); code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", code)
	}
	for _, s := range []struct{ uuid, state, action, at string }{
		{"u1", "merged", "merge", "2026-03-02T09:05:00Z"},
		{"u2", "opened", "open", "2026-03-02 09:00:00 UTC"},   // older, arrives late
		{"u3", "closed", "close", "2026-03-02 09:03:00 UTC"},  // older too
		{"u1", "merged", "merge", "2026-03-02T09:05:00Z"},     // redelivered
		{"u4", "opened", "reopen", "2026-03-02 09:06:00 UTC"}, // a merged MR cannot reopen
	} {
		if code := post("gl-secret", s.uuid, s.state, s.action, s.at); code != http.StatusNoContent {
			t.Fatalf("%s: %d", s.uuid, code)
		}
	}
	got, _ := st.LADR(ctx, l.ID)
	if got.State != data.LADRAccepted || got.PRURL != "https://gitlab.example.com/acme/eng/-/merge_requests/7" {
		t.Errorf("after merged and late events: %s %q", got.State, got.PRURL)
	}
}
