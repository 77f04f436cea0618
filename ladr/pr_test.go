package ladr

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// newRepo makes a git repository with one commit on main, with no user
// identity configured anywhere, as on a fresh CI machine.
func newRepo(t *testing.T) string {
	t.Helper()
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	gitT(t, dir, "init", "--quiet", "-b", "main")
	must(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("# eng\n"), 0o644))
	gitT(t, dir, "add", "README.md")
	gitT(t, dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "init")
	return dir
}

func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func prFixture(t *testing.T) (*data.Store, data.LADR, data.LADR) {
	t.Helper()
	ctx := context.Background()
	st := openStore(t)
	old := data.LADR{Title: "Use PostgreSQL", Slug: "use-postgresql", State: data.LADRAccepted}
	must(t, st.CreateLADR(ctx, &old))
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite", Context: "One server is enough.\n\nMore detail.", Supersedes: []data.LADRID{old.ID}}
	must(t, st.CreateLADR(ctx, &l))
	return st, old, l
}

func TestPRCommitsOnNewBranch(t *testing.T) {
	ctx := context.Background()
	st, _, l := prFixture(t)
	repo := newRepo(t)
	pr, err := PR(ctx, st, l.ID, PROptions{Repo: repo, BaseURL: "https://kaigi.example.com"})
	must(t, err)
	if pr.Branch != "ladr/0002-use-sqlite" || gitT(t, repo, "branch", "--show-current") != pr.Branch {
		t.Fatalf("branch %q, current %q", pr.Branch, gitT(t, repo, "branch", "--show-current"))
	}
	if got := gitT(t, repo, "log", "-1", "--format=%s"); got != "LADR 0002: Use SQLite" {
		t.Errorf("commit subject %q", got)
	}
	if got := gitT(t, repo, "show", "--name-only", "--format=", "HEAD"); got != "docs/ladr/0001-use-postgresql.md\ndocs/ladr/0002-use-sqlite.md" {
		t.Errorf("committed files %q", got)
	}
	f := Parse("0002-use-sqlite.md", []byte(gitT(t, repo, "show", "HEAD:docs/ladr/0002-use-sqlite.md")))
	if f.Doc.Title != "Use SQLite" || f.Doc.State != data.LADRProposed || len(f.Doc.Supersedes) != 1 || f.Doc.Supersedes[0] != 1 {
		t.Errorf("committed file reads back as %+v", f.Doc)
	}
	old := Parse("0001-use-postgresql.md", []byte(gitT(t, repo, "show", "HEAD:docs/ladr/0001-use-postgresql.md")))
	if old.Doc.State != data.LADRSuperseded || len(old.Doc.SupersededBy) != 1 || old.Doc.SupersededBy[0] != 2 {
		t.Errorf("superseded file reads back as %+v", old.Doc)
	}
	if gitT(t, repo, "status", "--porcelain") != "" {
		t.Error("work tree not clean after the commit")
	}
	for _, want := range []string{"One server is enough.", "https://kaigi.example.com/ladrs/" + string(l.ID), "docs/ladr/0002-use-sqlite.md", "Supersedes LADR 0001"} {
		if !strings.Contains(pr.Body, want) {
			t.Errorf("PR body lacks %q:\n%s", want, pr.Body)
		}
	}
	if strings.Contains(pr.Body, "More detail.") {
		t.Errorf("PR body should summarise the context, not copy it:\n%s", pr.Body)
	}
}

func TestPRRefusesDirtyTreeAndExistingBranch(t *testing.T) {
	ctx := context.Background()
	st, _, l := prFixture(t)

	dirty := newRepo(t)
	must(t, os.WriteFile(filepath.Join(dirty, "notes.txt"), []byte("wip"), 0o644))
	_, err := PR(ctx, st, l.ID, PROptions{Repo: dirty})
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "uncommitted changes") {
		t.Fatalf("dirty tree: err = %v", err)
	}
	if gitT(t, dirty, "branch", "--list", "ladr/*") != "" || gitT(t, dirty, "status", "--porcelain") != "?? notes.txt" {
		t.Error("a refused PR changed the repository")
	}

	taken := newRepo(t)
	gitT(t, taken, "branch", "ladr/0002-use-sqlite")
	head := gitT(t, taken, "rev-parse", "HEAD")
	_, err = PR(ctx, st, l.ID, PROptions{Repo: taken})
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "already exists") {
		t.Fatalf("existing branch: err = %v", err)
	}
	if gitT(t, taken, "branch", "--show-current") != "main" || gitT(t, taken, "rev-parse", "HEAD") != head ||
		gitT(t, taken, "status", "--porcelain") != "" {
		t.Error("a refused PR changed the repository")
	}
}

// TestPRRollsBackWhenTheCommitFails makes the commit fail with a hook and
// checks that the repository is back on main with nothing left behind.
func TestPRRollsBackWhenTheCommitFails(t *testing.T) {
	ctx := context.Background()
	st, _, l := prFixture(t)
	repo := newRepo(t)
	hook := filepath.Join(repo, ".git", "hooks", "pre-commit")
	must(t, os.WriteFile(hook, []byte("#!/bin/sh\necho refused by hook >&2\nexit 1\n"), 0o755))
	_, err := PR(ctx, st, l.ID, PROptions{Repo: repo})
	if err == nil || !strings.Contains(err.Error(), "refused by hook") {
		t.Fatalf("err = %v, want the hook's refusal", err)
	}
	if gitT(t, repo, "branch", "--show-current") != "main" || gitT(t, repo, "branch", "--list", "ladr/*") != "" ||
		gitT(t, repo, "status", "--porcelain", "--untracked-files=all") != "" {
		t.Errorf("repository not restored: branch %q, status %q", gitT(t, repo, "branch", "--show-current"), gitT(t, repo, "status", "--porcelain"))
	}
}

func TestPRPushesToRemote(t *testing.T) {
	ctx := context.Background()
	st, _, l := prFixture(t)
	repo := newRepo(t)
	remote := t.TempDir()
	gitT(t, remote, "init", "--quiet", "--bare")
	gitT(t, repo, "remote", "add", "origin", remote)
	pr, err := PR(ctx, st, l.ID, PROptions{Repo: repo, Push: true})
	must(t, err)
	if !pr.Pushed || gitT(t, remote, "rev-parse", "refs/heads/ladr/0002-use-sqlite") != pr.Commit {
		t.Errorf("branch not pushed: %+v", pr)
	}
}
