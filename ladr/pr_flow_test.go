package ladr

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/forge"
	"github.com/kaigi-dev/kaigi/ladr/forge/forgefake"
)

// teamRepo is an engineering repository with an adr-tools folder holding
// record 1, cloned from a bare remote that has main: what a person has
// after git clone.
func teamRepo(t *testing.T) (repo, remote string) {
	t.Helper()
	repo = newRepo(t)
	adr := filepath.Join(repo, "doc", "adr")
	must(t, os.MkdirAll(adr, 0o755))
	must(t, os.WriteFile(filepath.Join(adr, "0001-record-architecture-decisions.md"), []byte(
		"# 1. Record architecture decisions\n\nDate: 2025-11-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n\n## Decision\n\nWe will use ADRs.\n\n## Consequences\n\nSee Michael Nygard's article.\n"), 0o644))
	gitT(t, repo, "add", "doc")
	gitT(t, repo, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "adr")
	remote = filepath.Join(t.TempDir(), "eng.git")
	gitT(t, repo, "init", "--quiet", "--bare", "-b", "main", remote)
	gitT(t, repo, "remote", "add", "origin", remote)
	gitT(t, repo, "push", "--quiet", "-u", "origin", "main")
	gitT(t, repo, "remote", "set-head", "origin", "main")
	return repo, remote
}

// newThenPR runs `ladr new` into the repository's folder, as a person
// does before `ladr pr`.
func newRecord(t *testing.T, st *data.Store, repo, title string) NewResult {
	t.Helper()
	ctx := context.Background()
	_, err := Import(ctx, st, filepath.Join(repo, "doc", "adr"), ImportOptions{})
	must(t, err)
	res, err := New(ctx, st, filepath.Join(repo, "doc", "adr"), NewOptions{Title: title})
	must(t, err)
	return res
}

// treeState is what a person sees of their work tree: the branch, HEAD and
// git status.
func treeState(t *testing.T, repo string) string {
	return gitT(t, repo, "branch", "--show-current") + " " + gitT(t, repo, "rev-parse", "HEAD") + "\n" +
		gitT(t, repo, "status", "--porcelain", "--untracked-files=all")
}

func TestPRRightAfterNewCommitsTheRecordsOwnFile(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	repo, remote := teamRepo(t)
	res := newRecord(t, st, repo, "監視基盤を Datadog に一本化する")
	written, err := os.ReadFile(filepath.Join(repo, "doc", "adr", res.Path))
	must(t, err)
	pr, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}, Push: true})
	must(t, err)
	if pr.Branch != "ladr/0002-datadog" {
		t.Errorf("branch %q, want ASCII ladr/0002-datadog", pr.Branch)
	}
	if got := gitT(t, repo, "-c", "core.quotePath=false", "show", "--name-only", "--format=", "HEAD"); got != "doc/adr/"+res.Path {
		t.Errorf("committed %q, want the record's file %s", got, res.Path)
	}
	if got := gitT(t, repo, "show", "HEAD:doc/adr/"+res.Path); got != strings.TrimRight(string(written), "\n") {
		t.Errorf("the commit changed what ladr new wrote:\n%s\n--- ladr new wrote\n%s", got, written)
	}
	if gitT(t, repo, "branch", "--show-current") != pr.Branch || gitT(t, repo, "status", "--porcelain", "--untracked-files=all") != "" {
		t.Errorf("work tree after pr: %s", treeState(t, repo))
	}
	if gitT(t, remote, "rev-parse", "refs/heads/"+pr.Branch) != pr.Commit || gitT(t, remote, "rev-parse", "main") != gitT(t, repo, "rev-parse", "main") {
		t.Error("the branch is not on the remote, or main moved")
	}
	if strings.Contains(pr.Body, "127.0.0.1") || strings.Contains(pr.Body, "/ladrs/") {
		t.Errorf("without KAIGI_BASE_URL the body links kaigi:\n%s", pr.Body)
	}
}

func TestPRRefusesOnlyOtherPeoplesChangesNamingThem(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	repo, _ := teamRepo(t)
	res := newRecord(t, st, repo, "Use SQLite")
	must(t, os.WriteFile(filepath.Join(repo, "notes.txt"), []byte("wip"), 0o644))
	must(t, os.WriteFile(filepath.Join(repo, "README.md"), []byte("# eng (edited)\n"), 0o644))
	before := treeState(t, repo)
	_, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}})
	msg := data.ErrorMessage(err)
	if !strings.Contains(msg, "README.md, notes.txt") || strings.Contains(msg, res.Path) || strings.Contains(msg, "\n") {
		t.Errorf("err = %q; want README.md and notes.txt named, and not the record's own file", msg)
	}
	if treeState(t, repo) != before || gitT(t, repo, "branch", "--list", "ladr/*") != "" {
		t.Errorf("a refused pr changed the work tree:\n%s\nwas\n%s", treeState(t, repo), before)
	}
}

func TestPRFailuresAreOneLineAndLeaveTheTreeAsItWas(t *testing.T) {
	ctx := context.Background()
	gh := &forgefake.GitHub{Fake: forgefake.Fake{Token: "ghp_good", Repo: "acme/eng", DefaultBranch: "main"}}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	badToken, err := forge.New(forge.Config{Kind: "github", APIURL: srv.URL, Token: "ghp_expired", Repo: "acme/eng"})
	must(t, err)
	cases := []struct {
		name  string
		setup func(t *testing.T, repo, remote string) PROptions
		want  string
	}{
		{"bad token", func(t *testing.T, repo, remote string) PROptions {
			return PROptions{Open: true, Forge: badToken}
		}, "GitHub refused the token (Bad credentials); set KAIGI_GITHUB_TOKEN"},
		{"missing remote", func(t *testing.T, repo, remote string) PROptions {
			gitT(t, repo, "remote", "remove", "origin")
			return PROptions{Push: true}
		}, `has no remote named "origin"`},
		{"protected branch", func(t *testing.T, repo, remote string) PROptions {
			hook := "#!/bin/sh\nwhile read old new ref; do case $ref in refs/heads/ladr/*) echo \"GH006: Protected branch update failed for $ref.\" >&2; exit 1;; esac; done\n"
			must(t, os.WriteFile(filepath.Join(remote, "hooks", "pre-receive"), []byte(hook), 0o755))
			return PROptions{Push: true}
		}, "GH006: Protected branch update failed for refs/heads/ladr/0002-use-sqlite."},
		{"push rejected", func(t *testing.T, repo, remote string) PROptions {
			must(t, os.WriteFile(filepath.Join(remote, "hooks", "update"), []byte("#!/bin/sh\necho 'quota exceeded' >&2\nexit 1\n"), 0o755))
			return PROptions{Push: true}
		}, "quota exceeded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := openStore(t)
			repo, remote := teamRepo(t)
			res := newRecord(t, st, repo, "Use SQLite")
			opt := c.setup(t, repo, remote)
			opt.Repo, opt.Layout = repo, Layout{Dir: "doc/adr"}
			before := treeState(t, repo)
			_, err := PR(ctx, st, res.LADR.ID, opt)
			msg := data.ErrorMessage(err)
			if err == nil || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || !strings.Contains(msg, "kaigi changed nothing") {
				t.Fatalf("err = %q, want one line with %q", msg, c.want)
			}
			if strings.Contains(msg, "ghp_expired") || strings.Contains(msg, remote) && c.name != "missing remote" {
				t.Errorf("the error shows a secret or the remote's address: %q", msg)
			}
			if got := treeState(t, repo); got != before {
				t.Errorf("work tree changed:\n%s\nwas\n%s", got, before)
			}
			if gitT(t, repo, "branch", "--list", "ladr/*") != "" || gitT(t, repo, "worktree", "list", "--porcelain") != "worktree "+repo+"\nHEAD "+gitT(t, repo, "rev-parse", "HEAD")+"\nbranch refs/heads/main" {
				t.Errorf("branches or worktrees left behind: %q / %q", gitT(t, repo, "branch", "--list", "ladr/*"), gitT(t, repo, "worktree", "list"))
			}
			if c.name != "missing remote" && gitT(t, remote, "branch", "--list", "ladr/*") != "" {
				t.Error("the branch stayed on the remote")
			}
			if l, _ := st.LADR(ctx, res.LADR.ID); l.Number != res.LADR.Number || l.PRURL != "" {
				t.Errorf("kaigi's record changed: %+v", l)
			}
		})
	}
}

func TestPRRenumbersANumberTakenMeanwhileOnAnotherBranch(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	repo, remote := teamRepo(t)
	res := newRecord(t, st, repo, "Use SQLite")
	if res.LADR.Number != 2 {
		t.Fatalf("ladr new gave %d", res.LADR.Number)
	}
	// Meanwhile a teammate pushed record 2 on their own branch.
	mate := filepath.Join(t.TempDir(), "mate")
	gitT(t, repo, "clone", "--quiet", remote, mate)
	gitT(t, mate, "switch", "--quiet", "-c", "ladr/0002-use-kafka")
	must(t, os.WriteFile(filepath.Join(mate, "doc", "adr", "0002-use-kafka.md"), []byte("# 2. Use Kafka\n\nDate: 2025-12-01\n\n## Status\n\nProposed\n"), 0o644))
	gitT(t, mate, "add", ".")
	gitT(t, mate, "-c", "user.name=Mate", "-c", "user.email=mate@example.com", "commit", "--quiet", "-m", "kafka")
	gitT(t, mate, "push", "--quiet", "origin", "ladr/0002-use-kafka")

	pr, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}, Push: true})
	must(t, err)
	if pr.Renumbered != 2 || pr.Number != 3 || pr.Branch != "ladr/0003-use-sqlite" || pr.Title != "LADR 0003: Use SQLite" {
		t.Errorf("pr = %+v", pr)
	}
	if len(pr.Notes) == 0 || !strings.Contains(pr.Notes[0], "LADR 0002 was taken meanwhile by 0002-use-kafka.md on origin/ladr/0002-use-kafka, so this record is now LADR 0003") {
		t.Errorf("notes %q", pr.Notes)
	}
	if got := gitT(t, repo, "show", "--name-only", "--format=", "HEAD"); got != "doc/adr/0003-use-sqlite.md" {
		t.Errorf("committed %q", got)
	}
	f := Parse("0003-use-sqlite.md", []byte(gitT(t, repo, "show", "HEAD:doc/adr/0003-use-sqlite.md")))
	if f.Doc.Number != 3 || !strings.HasPrefix(gitT(t, repo, "show", "HEAD:doc/adr/0003-use-sqlite.md"), "# 3. Use SQLite\n") {
		t.Errorf("the file reads as number %d:\n%s", f.Doc.Number, gitT(t, repo, "show", "HEAD:doc/adr/0003-use-sqlite.md"))
	}
	if gitT(t, repo, "status", "--porcelain", "--untracked-files=all") != "" {
		t.Errorf("left behind: %s", gitT(t, repo, "status", "--porcelain", "--untracked-files=all"))
	}
	l, err := st.LADR(ctx, res.LADR.ID)
	must(t, err)
	if l.Number != 3 {
		t.Errorf("kaigi still numbers it %d", l.Number)
	}
	problems, err := Lint(ctx, filepath.Join(repo, "doc", "adr"))
	must(t, err)
	for _, p := range problems {
		if strings.Contains(p.Message, "number") {
			t.Errorf("lint after the renumbering: %s", p)
		}
	}
}

func TestPROpensThePullRequestThroughTheForge(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	repo, remote := teamRepo(t)
	gh := &forgefake.GitHub{Fake: forgefake.Fake{Token: "ghp_good", Repo: "acme/eng", DefaultBranch: "main",
		BranchExists: func(b string) bool {
			_, err := gitOut(remote, "rev-parse", "--verify", "refs/heads/"+b)
			return err == nil
		}}}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	f, err := forge.New(forge.Config{Kind: "github", APIURL: srv.URL, Token: "ghp_good", Repo: "acme/eng"})
	must(t, err)
	res := newRecord(t, st, repo, "Use SQLite")
	pr, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}, Open: true, Forge: f, BaseURL: "https://kaigi.example.com"})
	must(t, err)
	made := gh.Created()
	if len(made) != 1 || made[0].Head != "ladr/0002-use-sqlite" || made[0].Base != "main" || made[0].Title != "LADR 0002: Use SQLite" || made[0].Body != pr.Body {
		t.Fatalf("the forge got %+v", made)
	}
	if !strings.Contains(pr.Body, "https://kaigi.example.com/ladrs/"+string(res.LADR.ID)) || pr.URL != "https://github.com/acme/eng/pull/1" {
		t.Errorf("pr %+v", pr)
	}
	l, err := st.LADR(ctx, res.LADR.ID)
	must(t, err)
	if l.PRURL != pr.URL || l.State != data.LADRProposed {
		t.Errorf("kaigi's record: %+v", l)
	}
}

func gitOut(dir string, args ...string) (string, error) {
	return gitRepo{dir: dir}.run(context.Background(), args...)
}

func TestPRAfterThePersonCommittedTheRecordThemselves(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	repo, remote := teamRepo(t)
	res := newRecord(t, st, repo, "Use SQLite")
	gitT(t, repo, "add", ".")
	gitT(t, repo, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "my LADR")
	mine := gitT(t, repo, "rev-parse", "HEAD")
	pr, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}, Push: true})
	if err != nil {
		t.Fatalf("pr after committing the record: %v", err)
	}
	if pr.Commit != mine || gitT(t, remote, "rev-parse", "refs/heads/"+pr.Branch) != mine {
		t.Errorf("the branch should be the person's own commit %s; pr %+v", mine, pr)
	}
}

func TestPRRenumberingRewritesTheLinksOfSupersededRecords(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	repo, remote := teamRepo(t)
	dir := filepath.Join(repo, "doc", "adr")
	_, err := Import(ctx, st, dir, ImportOptions{})
	must(t, err)
	res, err := New(ctx, st, dir, NewOptions{Title: "Use SQLite", Supersedes: []string{"1"}})
	must(t, err)
	mate := filepath.Join(t.TempDir(), "mate")
	gitT(t, repo, "clone", "--quiet", remote, mate)
	must(t, os.WriteFile(filepath.Join(mate, "doc", "adr", "0002-use-kafka.md"), []byte("# 2. Use Kafka\n\nDate: 2025-12-01\n\n## Status\n\nAccepted\n"), 0o644))
	gitT(t, mate, "add", ".")
	gitT(t, mate, "-c", "user.name=Mate", "-c", "user.email=mate@example.com", "commit", "--quiet", "-m", "kafka")
	gitT(t, mate, "push", "--quiet", "origin", "main") // merged on the default branch meanwhile

	pr, err := PR(ctx, st, res.LADR.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}, Push: true})
	must(t, err)
	if pr.Number != 3 || len(pr.Notes) == 0 || !strings.Contains(pr.Notes[0], "0002-use-kafka.md on origin/main") {
		t.Fatalf("pr %+v", pr)
	}
	old := gitT(t, repo, "show", "HEAD:doc/adr/0001-record-architecture-decisions.md")
	if !strings.Contains(old, "0003-use-sqlite.md") || strings.Contains(old, "0002-use-sqlite.md") {
		t.Errorf("the superseded record links:\n%s", old)
	}
	mine := gitT(t, repo, "show", "HEAD:doc/adr/0003-use-sqlite.md")
	if !strings.Contains(mine, "0001-record-architecture-decisions.md") {
		t.Errorf("the new record lost its supersedes link:\n%s", mine)
	}
}
