package ladr

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/forge"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// PROptions says where and how to open an LADR pull request.
type PROptions struct {
	Repo     string // a git work tree
	Layout   Layout // where LADR files live inside it
	Renderer *Renderer
	BaseURL  string // kaigi's address for links in the PR body; empty leaves them out
	Push     bool   // push the branch to Remote
	Remote   string // default "origin"
	Open     bool   // push and open the pull request: through Forge, else the gh CLI
	Forge    forge.Forge
	Base     string  // the branch the PR merges into; empty asks the forge, else the remote's HEAD
	Text     *i18n.T // the team's language for the PR body; nil is English
}

// PullRequest is what PR did.
type PullRequest struct {
	Branch     string
	Base       string
	Commit     string
	Files      []string // paths inside the repository
	Title      string
	Body       string
	Pushed     bool
	URL        string // set when the pull request was opened
	Renumbered int    // the number the record had before PR found it taken, else 0
	Number     int
	Notes      []string
}

// PR commits an LADR's file (and the files of the records it supersedes,
// which now say so) on a new branch ladr/NNNN-slug, pushes it and opens
// the pull request when asked. It works right after `ladr new`: the
// record's own uncommitted files go into the commit, and only other
// uncommitted changes stop it. A number used meanwhile on another branch
// renumbers the record. The commit is made in a temporary worktree, so a
// failure at any step (git, push, forge) leaves the work tree, kaigi's
// records and the remote as they were; on success the work tree is moved
// onto the new branch.
func PR(ctx context.Context, st *data.Store, id data.LADRID, opt PROptions) (PullRequest, error) {
	var pr PullRequest
	l, err := st.LADR(ctx, id)
	if err != nil {
		return pr, err
	}
	w, err := openPRWork(ctx, st, l, opt)
	if err != nil {
		return pr, err
	}
	defer w.cleanup()
	if err := w.prepare(ctx); err != nil {
		return pr, err
	}
	if err := w.plan(ctx); err != nil {
		return pr, err
	}
	pr = w.describe()
	if err := w.commit(ctx, pr.Title+"\n\n"+commitBody(w.l, opt.BaseURL)); err != nil {
		return pr, unchanged(err)
	}
	pr.Commit = w.commitID
	if err := w.publish(ctx, &pr); err != nil {
		w.undo(ctx, pr.Pushed)
		pr.Commit, pr.Pushed = "", false
		return pr, unchanged(err)
	}
	pr.Notes = append(pr.Notes, w.notes...)
	if err := w.record(ctx, pr.URL); err != nil {
		return pr, err
	}
	if note := w.switchTree(ctx); note != "" {
		pr.Notes = append(pr.Notes, note)
	}
	return pr, nil
}

// unchanged says that kaigi left everything as it was.
func unchanged(err error) error {
	var de *data.Error
	if errors.As(err, &de) && de.Code != data.EINTERNAL {
		e := *de
		e.Message += "; kaigi changed nothing"
		return &e
	}
	return fmt.Errorf("%w; kaigi changed nothing", err)
}

// describe is the pull request's branch, title, body and files.
func (w *prWork) describe() PullRequest {
	pr := PullRequest{Branch: w.branch, Base: w.base, Title: PRTitle(w.l, w.width()), Number: w.l.Number, Renumbered: w.renumberedFrom}
	own := path.Join(w.dirRel, w.names[w.l.ID])
	pr.Body = PRBody(w.opt.Text, w.l, w.links, own, w.opt.BaseURL, w.width())
	for p := range w.files {
		pr.Files = append(pr.Files, p)
	}
	slices.Sort(pr.Files)
	return pr
}

func commitBody(l data.LADR, baseURL string) string {
	if baseURL == "" {
		return "Add the LADR for review. Written by kaigi.\n"
	}
	return fmt.Sprintf("Add the LADR for review. Written by kaigi from %s/ladrs/%s.\n", strings.TrimRight(baseURL, "/"), l.ID)
}

// publish pushes the branch and opens the pull request when asked.
func (w *prWork) publish(ctx context.Context, pr *PullRequest) error {
	if !w.push {
		return nil
	}
	if _, err := w.g.run(ctx, "push", "--quiet", "--set-upstream", w.remote, "refs/heads/"+w.branch+":refs/heads/"+w.branch); err != nil {
		return data.Errorf(data.ECONFLICT, "push %s to %s was refused: %s", w.branch, w.remote, gitMessage(err))
	}
	pr.Pushed = true
	if !w.opt.Open {
		return nil
	}
	if w.opt.Forge != nil {
		opened, err := w.opt.Forge.Open(ctx, forge.Request{Title: pr.Title, Body: pr.Body, Head: w.branch, Base: w.base})
		if err != nil {
			return data.Errorf(data.ECONFLICT, "%s", err.Error())
		}
		pr.URL = opened.URL
		return nil
	}
	cmd := exec.CommandContext(ctx, w.gh, "pr", "create", "--head", w.branch, "--base", w.base, "--title", pr.Title, "--body", pr.Body)
	cmd.Dir = w.top
	out, err := cmd.CombinedOutput()
	if err != nil {
		return data.Errorf(data.ECONFLICT, "gh pr create: %s", oneLineOf(string(out)))
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "https://") {
			pr.URL = strings.TrimSpace(line)
		}
	}
	return nil
}

// record tells kaigi what the pull request did: the record's number (when
// it was renumbered), its files, proposed, and the PR's address.
func (w *prWork) record(ctx context.Context, url string) error {
	if w.renumberedFrom != 0 {
		if err := w.st.RenumberLADR(ctx, w.l.ID, w.l.Number); err != nil {
			return err
		}
	}
	if err := w.p.remember(ctx, w.planned); err != nil {
		return err
	}
	l, err := w.st.LADR(ctx, w.l.ID)
	if err != nil {
		return err
	}
	changed := false
	if l.State == data.LADRDraft {
		l.State, changed = data.LADRProposed, true
	}
	if url != "" && l.PRURL != url {
		l.PRURL, changed = url, true
	}
	if !changed {
		return nil
	}
	return w.st.UpdateLADR(ctx, &l)
}

// folderOf is the LADR folder inside the work tree.
func folderOf(opt PROptions) string {
	dir := opt.Layout.Dir
	if dir == "" {
		dir = DefaultDir
	}
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(opt.Repo, filepath.FromSlash(dir))
}
