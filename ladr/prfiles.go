package ladr

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
	"github.com/kaigi-dev/kaigi/ladr/forge"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// PRFiles is the server's clone of the engineering repository
// (KAIGI_LADR_REPO), through which a record's file follows its pull
// request: on approval kaigi commits the accepted status to the pull
// request's branch, and after a merge that did not bring it, kaigi opens
// a small follow-up pull request. It works in temporary worktrees and
// never pushes to the default branch.
type PRFiles struct {
	Repo    string // a clone kaigi may fetch from and push to
	Dir     string // the LADR folder inside it
	Remote  string // default "origin"
	Forge   forge.Forge
	Text    *i18n.T
	BaseURL string

	mu sync.Mutex // one git operation on the clone at a time
}

func (f *PRFiles) remote() string {
	if f.Remote == "" {
		return "origin"
	}
	return f.Remote
}

// CommitStatus commits the state, in the folder's words, to branch's
// copy of the record's file and pushes it; committed is false when the
// file already says so.
func (f *PRFiles) CommitStatus(ctx context.Context, branch, base string, l data.LADR, st data.LADRState) (committed bool, err error) {
	if !strings.HasPrefix(branch, "ladr/") {
		return false, data.Invalid("branch", "kaigi commits only to ladr/ branches, not %s", branch)
	}
	msg := fmt.Sprintf("LADR %s: %s\n\nThe pull request was approved; kaigi writes the status so that the merge brings it.\n", f.number(l), st)
	return f.editOn(ctx, branch, branch, base, l, st, msg)
}

// FollowUp opens a pull request that sets the record's file on base to
// accepted, when the merge did not bring that status; url is empty when
// the file already says it.
func (f *PRFiles) FollowUp(ctx context.Context, base string, l data.LADR) (url string, err error) {
	head := fmt.Sprintf("kaigi/ladr-%04d-accepted", l.Number)
	msg := fmt.Sprintf("LADR %s: %s\n\nIts pull request was merged without the status; kaigi writes it.\n", f.number(l), data.LADRAccepted)
	committed, err := f.editOn(ctx, base, head, base, l, data.LADRAccepted, msg)
	if err != nil || !committed {
		return "", err
	}
	if f.Forge == nil {
		return "", nil // pushed; without a forge token a person opens its pull request
	}
	title, _, _ := strings.Cut(msg, "\n")
	opened, err := f.Forge.Open(ctx, forge.Request{Title: title, Body: f.followUpBody(l), Head: head, Base: base})
	if err != nil {
		return "", err
	}
	return opened.URL, nil
}

func (f *PRFiles) followUpBody(l data.LADR) string {
	t := f.Text
	if t == nil {
		t = englishText()
	}
	body := t.F("ladr_pr.follow_up", i18n.Args{"Number": f.number(l), "Title": oneLine(l.Title)})
	if f.BaseURL != "" {
		body += fmt.Sprintf("\n\n- %s: %s/ladrs/%s", t.S("ladr_pr.in_kaigi"), strings.TrimRight(f.BaseURL, "/"), l.ID)
	}
	return body + "\n"
}

// ClosedState is the record's state when its pull request is closed
// unmerged: rejected where the folder's words allow it, else draft.
func (f *PRFiles) ClosedState(ctx context.Context) data.LADRState {
	fo, err := readFolder(ctx, filepath.Join(f.Repo, filepath.FromSlash(f.Dir)), convention.Naming{})
	if err == nil && fo.conv.Words.Known(fo.conv.StatusText(data.LADRRejected, nil)) {
		return data.LADRRejected
	}
	return data.LADRDraft
}

func (f *PRFiles) number(l data.LADR) string {
	return fmt.Sprintf("%0*d", 4, l.Number)
}

// editOn writes the state into the record's file as from has it, commits
// on head and pushes head. It refuses to push to the remote's default
// branch or to base.
func (f *PRFiles) editOn(ctx context.Context, from, head, base string, l data.LADR, st data.LADRState, msg string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := gitRepo{dir: f.Repo}
	remote := f.remote()
	if _, err := g.run(ctx, "fetch", "--quiet", "--prune", remote); err != nil {
		return false, fmt.Errorf("fetch %s in %s: %s", remote, f.Repo, gitMessage(err))
	}
	if head == base || head == g.remoteHead(ctx, remote) {
		return false, data.Invalid("branch", "kaigi never pushes to the default branch %s", head)
	}
	tmp, err := os.MkdirTemp("", "kaigi-status-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)
	wt := filepath.Join(tmp, "wt")
	if _, err := g.run(ctx, "worktree", "add", "--quiet", "--detach", wt, "refs/remotes/"+remote+"/"+from); err != nil {
		return false, fmt.Errorf("check out %s: %s", from, gitMessage(err))
	}
	defer func() {
		g.run(context.Background(), "worktree", "remove", "--force", wt)
		g.run(context.Background(), "worktree", "prune")
	}()
	dir := filepath.Join(wt, filepath.FromSlash(f.Dir))
	fo, err := readFolder(ctx, dir, convention.Naming{})
	if err != nil {
		return false, err
	}
	i := fo.recordNumbered(l.Number)
	if i < 0 {
		return false, data.Errorf(data.ENOTFOUND, "%s has no file for LADR %d in %s", from, l.Number, f.Dir)
	}
	if fo.files[i].Doc.State == st {
		return false, nil
	}
	name := fo.names[i]
	e := newEditor(name, fo.srcs[i], fo.conv)
	e.setStatus(fo.conv.StatusText(st, nil))
	if err := os.WriteFile(filepath.Join(dir, name), e.bytes(), 0o644); err != nil {
		return false, err
	}
	w := gitRepo{dir: wt}
	if _, err := w.run(ctx, "add", "--", filepath.Join(filepath.FromSlash(f.Dir), name)); err != nil {
		return false, err
	}
	if _, err := w.run(ctx, append(w.identity(ctx), "commit", "--quiet", "-m", msg)...); err != nil {
		return false, fmt.Errorf("commit the status of LADR %d: %s", l.Number, gitMessage(err))
	}
	if _, err := w.run(ctx, "push", "--quiet", remote, "HEAD:refs/heads/"+head); err != nil {
		return false, fmt.Errorf("push %s to %s: %s", head, remote, gitMessage(err))
	}
	return true, nil
}

// recordNumbered is the index of the folder's file with number n, or -1.
func (fo *folder) recordNumbered(n int) int {
	for i, name := range fo.names {
		if got, ok := convention.NumberOf(name); ok && got == n && fo.errs[i] == nil {
			return i
		}
	}
	return -1
}
