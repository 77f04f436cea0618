package ladr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

// PROptions says where and how to open an LADR pull request.
type PROptions struct {
	Repo     string // a git work tree
	Layout   Layout // where LADR files live inside it
	Renderer *Renderer
	BaseURL  string // kaigi's address, for links in the PR body
	Push     bool   // push the branch to Remote
	Remote   string // default "origin"
	Open     bool   // open the PR with the gh CLI (implies Push)
}

// PullRequest is what PR did.
type PullRequest struct {
	Branch string
	Commit string
	Files  []string // paths inside the repository
	Title  string
	Body   string
	Pushed bool
	URL    string // set when gh opened the PR
}

// PR writes an LADR's file (and the files of the records it supersedes,
// which now say so) into a git work tree on a new branch ladr/NNNN-slug
// and commits it. It refuses a work tree with uncommitted changes or an
// existing branch, and on any failure puts the repository back as it was.
func PR(ctx context.Context, st *data.Store, id data.LADRID, opt PROptions) (PullRequest, error) {
	l, err := st.LADR(ctx, id)
	if err != nil {
		return PullRequest{}, err
	}
	if opt.Renderer == nil {
		opt.Renderer = &Renderer{tmpl: defaultTemplate}
	}
	g := gitRepo{dir: opt.Repo}
	if out, err := g.run(ctx, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(out) != "true" {
		return PullRequest{}, data.Invalid("repo", "%s is not a git work tree", opt.Repo)
	}
	if out, err := g.run(ctx, "status", "--porcelain"); err != nil {
		return PullRequest{}, err
	} else if out != "" {
		return PullRequest{}, data.Errorf(data.ECONFLICT, "%s has uncommitted changes; commit or stash them first, kaigi changed nothing", opt.Repo)
	}
	pr := PullRequest{Branch: BranchName(l.Number, l.Slug), Title: PRTitle(l)}
	if _, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "refs/heads/"+pr.Branch); err == nil {
		return PullRequest{}, data.Errorf(data.ECONFLICT, "branch %s already exists in %s; delete it or open its pull request, kaigi changed nothing", pr.Branch, opt.Repo)
	}
	files, err := prFiles(ctx, st, l, opt)
	if err != nil {
		return PullRequest{}, err
	}
	links, err := LinksFor(ctx, st, l)
	if err != nil {
		return PullRequest{}, err
	}
	pr.Body = PRBody(l, links, opt.Layout.Path(l.Number, l.Slug), opt.BaseURL)
	if err := g.commitOnBranch(ctx, pr.Branch, files, pr.Title+"\n\n"+commitBody(l, opt.BaseURL)); err != nil {
		return PullRequest{}, err
	}
	for p := range files {
		pr.Files = append(pr.Files, p)
	}
	slices.Sort(pr.Files)
	if pr.Commit, err = g.run(ctx, "rev-parse", "HEAD"); err != nil {
		return pr, err
	}
	pr.Commit = strings.TrimSpace(pr.Commit)
	return pr, publish(ctx, st, &l, g, &pr, opt)
}

// prFiles renders the LADR and the records it supersedes. A draft goes
// up for review as proposed: opening the pull request proposes it.
func prFiles(ctx context.Context, st *data.Store, l data.LADR, opt PROptions) (map[string][]byte, error) {
	files := map[string][]byte{}
	records := []data.LADR{l}
	for _, old := range l.Supersedes {
		o, err := st.LADR(ctx, old)
		if err != nil {
			return nil, err
		}
		records = append(records, o)
	}
	for i, r := range records {
		if i == 0 && r.State == data.LADRDraft {
			r.State = data.LADRProposed
		}
		links, err := LinksFor(ctx, st, r)
		if err != nil {
			return nil, err
		}
		out, err := opt.Renderer.RenderDocument(NewDocument(r, links))
		if err != nil {
			return nil, err
		}
		files[opt.Layout.Path(r.Number, r.Slug)] = out
	}
	return files, nil
}

func commitBody(l data.LADR, baseURL string) string {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	return fmt.Sprintf("Add the LADR for review. Written by kaigi from %s/ladrs/%s.\n", strings.TrimRight(baseURL, "/"), l.ID)
}

// publish pushes the branch and opens the pull request when asked.
func publish(ctx context.Context, st *data.Store, l *data.LADR, g gitRepo, pr *PullRequest, opt PROptions) error {
	if !opt.Push && !opt.Open {
		return nil
	}
	remote := opt.Remote
	if remote == "" {
		remote = "origin"
	}
	if _, err := g.run(ctx, "push", "--set-upstream", remote, pr.Branch); err != nil {
		return fmt.Errorf("push %s to %s (the commit is on the local branch): %w", pr.Branch, remote, err)
	}
	pr.Pushed = true
	if !opt.Open {
		return nil
	}
	gh, err := exec.LookPath("gh")
	if err != nil {
		return data.Errorf(data.EINVALID, "the gh CLI is not installed; open the pull request for branch %s by hand with the title and body above", pr.Branch)
	}
	cmd := exec.CommandContext(ctx, gh, "pr", "create", "--head", pr.Branch, "--title", pr.Title, "--body", pr.Body)
	cmd.Dir = opt.Repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("gh pr create: %s: %w", strings.TrimSpace(string(out)), err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "https://") {
			pr.URL = strings.TrimSpace(line)
		}
	}
	if pr.URL != "" && l.PRURL != pr.URL {
		l.PRURL = pr.URL
		return st.UpdateLADR(ctx, l)
	}
	return nil
}

// gitRepo runs the real git binary in a work tree. It never changes git
// configuration; a missing identity is given per command with -c.
type gitRepo struct{ dir string }

func (g gitRepo) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", g.dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return stdout.String(), fmt.Errorf("git %s: %s", args[0], strings.TrimSpace(stderr.String()))
		}
		return stdout.String(), fmt.Errorf("run git: %w", err)
	}
	return stdout.String(), nil
}

// identity returns -c flags for a repository with no user configured.
func (g gitRepo) identity(ctx context.Context) []string {
	var flags []string
	if out, err := g.run(ctx, "config", "user.name"); err != nil || strings.TrimSpace(out) == "" {
		flags = append(flags, "-c", "user.name=kaigi")
	}
	if out, err := g.run(ctx, "config", "user.email"); err != nil || strings.TrimSpace(out) == "" {
		flags = append(flags, "-c", "user.email=kaigi@localhost")
	}
	return flags
}

// commitOnBranch creates branch from HEAD, writes the files, and commits
// them. On failure it removes what it wrote, returns to the branch it
// started on and deletes the new branch.
func (g gitRepo) commitOnBranch(ctx context.Context, branch string, files map[string][]byte, message string) (err error) {
	start, err := g.run(ctx, "symbolic-ref", "--quiet", "--short", "HEAD")
	if err != nil {
		if start, err = g.run(ctx, "rev-parse", "HEAD"); err != nil {
			return fmt.Errorf("find the current branch: %w", err)
		}
	}
	start = strings.TrimSpace(start)
	if _, err := g.run(ctx, "checkout", "--quiet", "-b", branch); err != nil {
		return err
	}
	var created []string
	defer func() {
		if err == nil {
			return
		}
		for _, p := range created {
			os.Remove(p)
		}
		g.run(ctx, "reset", "--quiet", "--hard")
		g.run(ctx, "checkout", "--quiet", start)
		g.run(ctx, "branch", "--quiet", "-D", branch)
	}()
	paths := make([]string, 0, len(files))
	for p, content := range files {
		full := filepath.Join(g.dir, filepath.FromSlash(p))
		if _, statErr := os.Stat(full); os.IsNotExist(statErr) {
			created = append(created, full)
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("create folder for %s: %w", p, err)
		}
		if err := os.WriteFile(full, content, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if _, err := g.run(ctx, append([]string{"add", "--"}, paths...)...); err != nil {
		return err
	}
	args := append(g.identity(ctx), "commit", "--quiet", "-m", message)
	if _, err := g.run(ctx, args...); err != nil {
		return err
	}
	return nil
}
