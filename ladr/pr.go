package ladr

import (
	"context"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
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
	g := gitRepo{dir: opt.Repo}
	if out, err := g.run(ctx, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(out) != "true" {
		return PullRequest{}, data.Invalid("repo", "%s is not a git work tree", opt.Repo)
	}
	if out, err := g.run(ctx, "status", "--porcelain"); err != nil {
		return PullRequest{}, err
	} else if out != "" {
		return PullRequest{}, data.Errorf(data.ECONFLICT, "%s has uncommitted changes; commit or stash them first, kaigi changed nothing", opt.Repo)
	}
	pr := PullRequest{Branch: BranchName(l.Number, branchSlug(l)), Title: PRTitle(l)}
	if _, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "refs/heads/"+pr.Branch); err == nil {
		return PullRequest{}, data.Errorf(data.ECONFLICT, "branch %s already exists in %s; delete it or open its pull request, kaigi changed nothing", pr.Branch, opt.Repo)
	}
	p, files, err := prFiles(ctx, st, l, opt)
	if err != nil {
		return PullRequest{}, err
	}
	links, err := LinksFor(ctx, st, l)
	if err != nil {
		return PullRequest{}, err
	}
	dir := opt.Layout.Dir
	if dir == "" {
		dir = DefaultDir
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		if f.write {
			byPath[path.Join(filepath.ToSlash(dir), f.name)] = f.content
		}
	}
	pr.Body = PRBody(l, links, path.Join(filepath.ToSlash(dir), p.names[l.ID]), opt.BaseURL)
	if err := g.commitOnBranch(ctx, pr.Branch, byPath, pr.Title+"\n\n"+commitBody(l, opt.BaseURL)); err != nil {
		return PullRequest{}, err
	}
	for p := range byPath {
		pr.Files = append(pr.Files, p)
	}
	slices.Sort(pr.Files)
	if pr.Commit, err = g.run(ctx, "rev-parse", "HEAD"); err != nil {
		return pr, err
	}
	pr.Commit = strings.TrimSpace(pr.Commit)
	if err := p.remember(ctx, files); err != nil {
		return pr, err
	}
	return pr, publish(ctx, st, &l, g, &pr, opt)
}

// branchSlug is the name part of a pull request's branch: letters, digits
// and dashes only, whatever slug the record was given.
func branchSlug(l data.LADR) string {
	if l.Slug != "" {
		return convention.KaigiNaming.Slug(l.Slug)
	}
	return convention.KaigiNaming.Slug(l.Title)
}

// prFiles plans the LADR's file and the files of the records it
// supersedes, which now say so, in the folder's own convention, as an
// export would write them. A draft goes up for review as proposed:
// opening the pull request proposes it.
func prFiles(ctx context.Context, st *data.Store, l data.LADR, opt PROptions) (*planner, []plannedFile, error) {
	dir := opt.Layout.Dir
	if dir == "" {
		dir = DefaultDir
	}
	_, p, err := openPlanner(ctx, st, filepath.Join(opt.Repo, filepath.FromSlash(dir)), ExportOptions{Renderer: opt.Renderer, Naming: opt.Layout.Naming()})
	if err != nil {
		return nil, nil, err
	}
	p.propose[l.ID] = true
	files, skipped := p.plan(append([]data.LADRID{l.ID}, l.Supersedes...), true)
	if len(skipped) > 0 {
		return nil, nil, data.Errorf(data.ECONFLICT, "%s; kaigi changed nothing", strings.Join(skipped, "; "))
	}
	if p.names[l.ID] == "" {
		return nil, nil, data.Errorf(data.ECONFLICT, "LADR %d has no file to write in %s", l.Number, dir)
	}
	return p, files, nil
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
