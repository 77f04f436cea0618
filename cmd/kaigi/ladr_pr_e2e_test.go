package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/webhooksig"
	"github.com/kaigi-dev/kaigi/ladr/forge/forgefake"
	"github.com/kaigi-dev/kaigi/server"
)

// prWorld is an engineering repository on a bare remote, the engineer's
// clone, the server's clone (KAIGI_LADR_REPO), a fake forge and kaigi.
type prWorld struct {
	env                  map[string]string
	remote, work, server string
	created              func() []forgefake.Created
	kind                 string
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir, "-c", "core.quotePath=false"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func newPRWorld(t *testing.T, kind string) *prWorld {
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Dev")
	t.Setenv("GIT_AUTHOR_EMAIL", "dev@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "Dev")
	t.Setenv("GIT_COMMITTER_EMAIL", "dev@example.com")
	root := t.TempDir()
	w := &prWorld{env: testEnv(t), remote: filepath.Join(root, "eng.git"), work: filepath.Join(root, "work"), server: filepath.Join(root, "server"), kind: kind}
	git(t, root, "init", "--quiet", "--bare", "-b", "main", w.remote)
	git(t, root, "clone", "--quiet", w.remote, w.work)
	adr := filepath.Join(w.work, "doc", "adr")
	if err := os.MkdirAll(adr, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(adr, "0001-record-architecture-decisions.md"), []byte("# 1. Record architecture decisions\n\nDate: 2025-11-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n\n## Decision\n\nWe will use ADRs.\n\n## Consequences\n\nSee Nygard.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, w.work, "add", ".")
	git(t, w.work, "commit", "--quiet", "-m", "adr")
	git(t, w.work, "push", "--quiet", "-u", "origin", "main")
	git(t, root, "clone", "--quiet", w.remote, w.server)
	onRemote := func(b string) bool {
		return exec.Command("git", "-C", w.remote, "rev-parse", "--verify", "--quiet", "refs/heads/"+b).Run() == nil
	}
	fake := func() forgefake.Fake {
		return forgefake.Fake{Token: "tok-" + kind + "-good", Repo: "acme/eng", DefaultBranch: "main", BranchExists: onRemote}
	}
	token := "tok-" + kind + "-good"
	var srv *httptest.Server
	if kind == "github" {
		gh := &forgefake.GitHub{Fake: fake()}
		srv, w.created = httptest.NewServer(gh), gh.Created
		w.env["KAIGI_GITHUB_TOKEN"], w.env["KAIGI_GITHUB_API_URL"], w.env["KAIGI_GITHUB_WEBHOOK_SECRET"] = token, srv.URL, "hook-secret"
	} else {
		gl := &forgefake.GitLab{Fake: fake()}
		srv, w.created = httptest.NewServer(gl), gl.Created
		w.env["KAIGI_FORGE"], w.env["KAIGI_GITLAB_TOKEN"], w.env["KAIGI_GITLAB_URL"], w.env["KAIGI_GITLAB_WEBHOOK_TOKEN"] = "gitlab", token, srv.URL, "hook-secret"
	}
	t.Cleanup(srv.Close)
	w.env["KAIGI_FORGE_REPO"] = "acme/eng"
	w.env["KAIGI_LADR_REPO"] = w.server
	w.env["KAIGI_LADR_DIR"] = "doc/adr"
	w.env["KAIGI_BASE_URL"] = "https://kaigi.example.com"
	if _, _, err := runKaigi(t, w.env, "ladr", "import", adr); err != nil {
		t.Fatal(err)
	}
	return w
}

var textareaRE = regexp.MustCompile(`(?s)<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>`)
var hiddenRE = regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)"`)

// makeLADRInTheWeb opens "make an LADR" on a decision and saves the form
// as the page fills it.
func makeLADRInTheWeb(t *testing.T, b *webBrowser, d data.Decision) {
	t.Helper()
	page := b.get(t, "/ladrs/new?decision="+string(d.ID))
	form := url.Values{"title": {d.Title}, "state": {"draft"}}
	for _, m := range hiddenRE.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], strings.TrimPrefix(html.UnescapeString(m[2]), "\n"))
	}
	if code := b.post(t, "/ladrs/new", form); code != http.StatusSeeOther {
		t.Fatalf("save the LADR form: %d", code)
	}
}

// hook delivers a forge webhook to the server, signed as the forge signs.
func (w *prWorld) hook(t *testing.T, base, delivery string, payload string, review bool) {
	t.Helper()
	path := "/webhooks/" + w.kind
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	if w.kind == "github" {
		req.Header.Set("X-GitHub-Event", map[bool]string{true: "pull_request_review", false: "pull_request"}[review])
		req.Header.Set("X-GitHub-Delivery", delivery)
		req.Header.Set("X-Hub-Signature-256", webhooksig.Sign([]byte(payload), []byte("hook-secret")))
	} else {
		req.Header.Set("X-Gitlab-Event", "Merge Request Hook")
		req.Header.Set("X-Gitlab-Event-UUID", delivery)
		req.Header.Set("X-Gitlab-Token", "hook-secret")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("%s %s: %d", path, delivery, resp.StatusCode)
	}
}

// event is a pull request event in the forge's own shape: state is open,
// approved, merged or closed.
func (w *prWorld) event(state, branch string, number int, at time.Time) (string, bool) {
	if w.kind == "github" {
		prState, merged, mergedAt, action := "open", false, "null", "opened"
		switch state {
		case "merged":
			prState, merged, mergedAt, action = "closed", true, fmt.Sprintf("%q", at.Format(time.RFC3339)), "closed"
		case "closed":
			prState, action = "closed", "closed"
		}
		pr := fmt.Sprintf(`{"url":"https://api.github.com/repos/acme/eng/pulls/%d","id":1001,"number":%d,"html_url":"https://github.com/acme/eng/pull/%d",
"state":%q,"title":"t","user":{"login":"dev","id":3},"created_at":"2026-01-05T09:00:00Z","updated_at":%q,"merged_at":%s,"merged":%t,
"head":{"label":"acme:%s","ref":%q,"sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e"},"base":{"label":"acme:main","ref":"main","sha":"9049f1265b7d61be4a8904a9a27120d2064dab3b"}}`,
			number, number, number, prState, at.Format(time.RFC3339), mergedAt, merged, branch, branch)
		if state == "approved" {
			return fmt.Sprintf(`{"action":"submitted","review":{"id":80,"user":{"login":"reviewer","id":4},"body":"LGTM","state":"approved","submitted_at":%q,"commit_id":"6dcb09b5b57875f334f61aebed695e2e4193db5e"},"pull_request":%s,"repository":{"id":1296269,"full_name":"acme/eng"},"sender":{"login":"reviewer","id":4}}`,
				at.Format(time.RFC3339), pr), true
		}
		return fmt.Sprintf(`{"action":%q,"number":%d,"pull_request":%s,"repository":{"id":1296269,"full_name":"acme/eng"},"sender":{"login":"dev","id":3}}`, action, number, pr), false
	}
	glState, action := "opened", "open"
	switch state {
	case "approved":
		action = "approved"
	case "merged":
		glState, action = "merged", "merge"
	case "closed":
		glState, action = "closed", "close"
	}
	return fmt.Sprintf(`{"object_kind":"merge_request","event_type":"merge_request","user":{"id":4,"name":"Reviewer","username":"reviewer"},
"project":{"id":3,"name":"eng","path_with_namespace":"acme/eng","default_branch":"main","web_url":"https://gitlab.example.com/acme/eng"},
"object_attributes":{"id":101,"iid":%d,"title":"t","state":%q,"action":%q,"created_at":"2026-01-05 09:00:00 UTC","updated_at":%q,
"source_branch":%q,"target_branch":"main","url":"https://gitlab.example.com/acme/eng/-/merge_requests/%d","merge_status":"can_be_merged"}}`,
		number, glState, action, at.Format("2006-01-02 15:04:05 UTC"), branch, number), false
}

// TestDecisionToMergedLADRThroughTheForge is the whole story: a decision
// in the web → an LADR → `kaigi ladr pr --open` → the forge's pull
// request → approved (kaigi commits the status to the branch) → merged
// (the record is accepted) — and nothing is pushed to the default branch.
func TestDecisionToMergedLADRThroughTheForge(t *testing.T) {
	for _, kind := range []string{"github", "gitlab"} {
		t.Run(kind, func(t *testing.T) { decisionToMergedLADR(t, kind) })
	}
}

func decisionToMergedLADR(t *testing.T, kind string) {
	ctx := context.Background()
	w := newPRWorld(t, kind)
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, _ := server.HashPassword("correct horse battery")
	me := data.Person{Name: "Aiko", Email: "aiko@example.com"}
	if err := st.CreateUser(ctx, &me, hash); err != nil {
		t.Fatal(err)
	}
	sr := data.Series{Name: "基盤定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	m, _, err := st.NextMeeting(ctx, sr.ID)
	if err != nil {
		t.Fatal(err)
	}
	ag := data.Agenda{SeriesID: sr.ID, Title: "監視基盤", Body: "監視ツールが三つあり、当番が画面を行き来している。"}
	if err := st.CreateAgenda(ctx, &ag, m.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.SetDiscussionNotes(ctx, m.ID, ag.ID, "Datadog と Grafana を比較した。"); err != nil {
		t.Fatal(err)
	}
	d := data.Decision{MeetingID: m.ID, AgendaID: ag.ID, Title: "監視基盤を Datadog に一本化する", Body: "当番の負担を減らすため。"}
	if err := st.CreateDecision(ctx, &d); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	h, err := newHandler(ctx, st, serveConfig{config: config{DB: w.env["KAIGI_DB"], Logger: slog.New(slog.NewTextHandler(&logs, nil))}}, w.env, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	makeLADRInTheWeb(t, loginBrowser(t, srv.URL, "aiko@example.com", "correct horse battery"), d)
	ls, err := st.LADRs(ctx, data.LADRFilter{})
	if err != nil || len(ls) != 2 {
		t.Fatalf("LADRs after the web form: %d, %v", len(ls), err)
	}
	l, err := st.LADRByNumber(ctx, 2)
	if err != nil || !strings.Contains(l.Context, "Datadog と Grafana を比較した。") {
		t.Fatalf("the LADR from the decision: %+v, %v", l, err)
	}

	out, errOut, err := runKaigi(t, w.env, "ladr", "pr", "2", "--repo", w.work, "--dir", "doc/adr", "--open")
	if err != nil {
		t.Fatalf("ladr pr --open: %v\n%s%s", err, out, errOut)
	}
	const branch = "ladr/0002-datadog"
	prCommit := git(t, w.remote, "rev-parse", "refs/heads/"+branch)
	mainBefore := git(t, w.remote, "rev-parse", "refs/heads/main")
	made := w.created()
	if len(made) != 1 {
		t.Fatalf("%d pull requests created, want 1", len(made))
	}
	pr := made[0]
	if pr.Title != "LADR 0002: 監視基盤を Datadog に一本化する" || pr.Head != branch || pr.Base != "main" ||
		!strings.Contains(pr.Body, "監視ツールが三つあり") || !strings.Contains(pr.Body, "https://kaigi.example.com/ladrs/"+string(l.ID)) ||
		!strings.Contains(pr.Body, "https://kaigi.example.com/decisions/"+string(d.ID)) {
		t.Errorf("the pull request: %+v", pr)
	}
	if !strings.Contains(out, "Opened "+pr.URL) {
		t.Errorf("ladr pr printed:\n%s", out)
	}
	fileOnBranch := func() string {
		names := git(t, w.remote, "ls-tree", "--name-only", branch, "doc/adr/")
		for _, n := range strings.Fields(names) {
			if strings.HasPrefix(filepath.Base(n), "0002-") {
				return git(t, w.remote, "show", branch+":"+n)
			}
		}
		t.Fatalf("no record 2 on %s: %s", branch, names)
		return ""
	}
	if !strings.Contains(fileOnBranch(), "## Status\n\nProposed") {
		t.Errorf("the record on the branch:\n%s", fileOnBranch())
	}

	t0 := time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC)
	body, review := w.event("open", branch, pr.Number, t0)
	w.hook(t, srv.URL, "d1", body, review)
	if got, _ := st.LADR(ctx, l.ID); got.State != data.LADRProposed || got.PRURL != pr.URL {
		t.Errorf("after opened: %s %q", got.State, got.PRURL)
	}
	body, review = w.event("approved", branch, pr.Number, t0.Add(time.Hour))
	w.hook(t, srv.URL, "d2", body, review)
	if parent := git(t, w.remote, "rev-parse", branch+"^"); parent != prCommit {
		t.Fatalf("approval: the branch's new commit's parent is %s, want the PR's commit %s", parent, prCommit)
	}
	if f := fileOnBranch(); !strings.Contains(f, "## Status\n\nAccepted") {
		t.Errorf("after approval the record on the branch says:\n%s", f)
	}
	w.hook(t, srv.URL, "d2", body, review) // redelivered: nothing more
	if n := git(t, w.remote, "rev-list", "--count", prCommit+".."+branch); n != "1" {
		t.Errorf("%s commits on the branch after the PR's, want 1", n)
	}

	// The forge merges the pull request.
	git(t, w.work, "fetch", "--quiet")
	git(t, w.work, "switch", "--quiet", "main")
	git(t, w.work, "merge", "--quiet", "--no-ff", "-m", "Merge pull request", "origin/"+branch)
	git(t, w.work, "push", "--quiet", "origin", "main")
	merged := git(t, w.remote, "rev-parse", "refs/heads/main")
	body, review = w.event("merged", branch, pr.Number, t0.Add(2*time.Hour))
	w.hook(t, srv.URL, "d3", body, review)
	got, _ := st.LADR(ctx, l.ID)
	if got.State != data.LADRAccepted {
		t.Errorf("after the merge: %s", got.State)
	}
	body, review = w.event("open", branch, pr.Number, t0)
	w.hook(t, srv.URL, "d1-redelivered", body, review)
	if again, _ := st.LADR(ctx, l.ID); again.State != data.LADRAccepted {
		t.Errorf("an opened event redelivered after the merge: %s", again.State)
	}
	if now := git(t, w.remote, "rev-parse", "refs/heads/main"); now != merged || mainBefore == merged {
		t.Errorf("main moved after the merge (kaigi pushed to it?): %s → %s", merged, now)
	}
	if heads := git(t, w.remote, "for-each-ref", "--format=%(refname:short)", "refs/heads"); heads != "ladr/0002-datadog\nmain" {
		t.Errorf("branches on the remote: %q", heads)
	}
	if len(w.created()) != 1 {
		t.Errorf("a follow-up pull request was opened though the merge brought the status: %+v", w.created())
	}
	if strings.Contains(logs.String(), "tok-"+kind) || strings.Contains(out+errOut, "tok-"+kind) {
		t.Error("the forge token appeared in a log or the output")
	}
}

// TestLADRPRRefusalsAreOneLine: `kaigi ladr new` then `kaigi ladr pr
// --open` with an expired token exits 1 with one line naming the
// variable and the permissions, and leaves the work tree as it was.
func TestLADRPRRefusalsAreOneLine(t *testing.T) {
	w := newPRWorld(t, "github")
	w.env["KAIGI_GITHUB_TOKEN"] = "tok-expired"
	out, _, err := runKaigi(t, w.env, "ladr", "new", "Use SQLite", filepath.Join(w.work, "doc", "adr"))
	if err != nil {
		t.Fatalf("ladr new: %v", err)
	}
	before := git(t, w.work, "status", "--porcelain") + git(t, w.work, "rev-parse", "HEAD")
	_, _, err = runKaigi(t, w.env, "ladr", "pr", "2", "--repo", w.work, "--dir", "doc/adr", "--open")
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("expired token: err %v", err)
	}
	msg := oneLine(err)
	if !strings.Contains(msg, "GitHub refused the token (Bad credentials); set KAIGI_GITHUB_TOKEN to a token with Contents and Pull requests read and write on acme/eng") ||
		!strings.Contains(msg, "kaigi changed nothing") || strings.Contains(err.Error(), "\n") || strings.Contains(msg, "tok-expired") {
		t.Errorf("message %q", msg)
	}
	if after := git(t, w.work, "status", "--porcelain") + git(t, w.work, "rev-parse", "HEAD"); after != before || !strings.Contains(after, "0002-use-sqlite.md") {
		t.Errorf("work tree changed: %q → %q (ladr new printed %s)", before, after, out)
	}
	if heads := git(t, w.remote, "for-each-ref", "--format=%(refname:short)", "refs/heads"); heads != "main" {
		t.Errorf("remote branches: %q", heads)
	}
}

// TestLADRNewThenPRRenumbersWhenTheNumberWasTakenMeanwhile: a teammate
// pushed record 2 on their branch between `ladr new` and `ladr pr`.
func TestLADRNewThenPRRenumbersWhenTheNumberWasTakenMeanwhile(t *testing.T) {
	w := newPRWorld(t, "github")
	if _, _, err := runKaigi(t, w.env, "ladr", "new", "Use SQLite", filepath.Join(w.work, "doc", "adr")); err != nil {
		t.Fatal(err)
	}
	mate := filepath.Join(t.TempDir(), "mate")
	git(t, w.work, "clone", "--quiet", w.remote, mate)
	git(t, mate, "switch", "--quiet", "-c", "ladr/0002-use-kafka")
	if err := os.WriteFile(filepath.Join(mate, "doc", "adr", "0002-use-kafka.md"), []byte("# 2. Use Kafka\n\nDate: 2025-12-01\n\n## Status\n\nProposed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, mate, "add", ".")
	git(t, mate, "commit", "--quiet", "-m", "kafka")
	git(t, mate, "push", "--quiet", "origin", "ladr/0002-use-kafka")

	out, errOut, err := runKaigi(t, w.env, "ladr", "pr", "2", "--repo", w.work, "--dir", "doc/adr", "--push")
	if err != nil {
		t.Fatalf("ladr pr: %v\n%s", err, errOut)
	}
	if !strings.Contains(errOut, "note: LADR 0002 was taken meanwhile by 0002-use-kafka.md on origin/ladr/0002-use-kafka, so this record is now LADR 0003") ||
		!strings.Contains(out, "Committed doc/adr/0003-use-sqlite.md on branch ladr/0003-use-sqlite") {
		t.Errorf("ladr pr said:\n%s\n%s", out, errOut)
	}
	if got := git(t, w.remote, "ls-tree", "--name-only", "ladr/0003-use-sqlite", "doc/adr/"); got != "doc/adr/0001-record-architecture-decisions.md\ndoc/adr/0003-use-sqlite.md" {
		t.Errorf("the pushed branch has %q", got)
	}
	if _, _, err := runKaigi(t, w.env, "ladr", "lint", filepath.Join(w.work, "doc", "adr")); err != nil {
		t.Errorf("lint after the renumbering: %v", err)
	}
}
