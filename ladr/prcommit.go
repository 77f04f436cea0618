package ladr

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

// commit makes the branch from HEAD in a temporary worktree, writes the
// files there and commits them (the repository's hooks run), so the
// person's work tree is not touched until everything worked.
func (w *prWork) commit(ctx context.Context, message string) error {
	tmp, err := os.MkdirTemp("", "kaigi-pr-")
	if err != nil {
		return fmt.Errorf("make a temporary worktree: %w", err)
	}
	w.tmp = filepath.Join(tmp, "wt")
	w.g.run(ctx, "worktree", "prune") // a worktree left by a kaigi that was killed would hold its branch
	if _, err := w.g.run(ctx, "worktree", "add", "--quiet", "-b", w.branch, w.tmp, "HEAD"); err != nil {
		return data.Errorf(data.ECONFLICT, "create branch %s: %s", w.branch, gitMessage(err))
	}
	wt := gitRepo{dir: w.tmp}
	var paths []string
	for p, content := range w.files {
		full := filepath.Join(w.tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return w.abort(ctx, fmt.Errorf("create folder for %s: %w", p, err))
		}
		if err := os.WriteFile(full, content, 0o644); err != nil {
			return w.abort(ctx, fmt.Errorf("write %s: %w", p, err))
		}
		paths = append(paths, p)
	}
	if w.ownOld != "" {
		if _, err := os.Stat(filepath.Join(w.tmp, filepath.FromSlash(w.ownOld))); err == nil {
			paths = append(paths, w.ownOld) // committed before under its old number
			os.Remove(filepath.Join(w.tmp, filepath.FromSlash(w.ownOld)))
		}
	}
	if w.fo.index.name != "" {
		if again, err := readFolder(ctx, filepath.Join(w.tmp, filepath.FromSlash(w.dirRel)), w.opt.Layout.Naming()); err == nil {
			if name, changed, err := again.writeIndex(false); err == nil && changed {
				paths = append(paths, path.Join(w.dirRel, name))
			}
		}
	}
	if _, err := wt.run(ctx, append([]string{"add", "--all", "--"}, paths...)...); err != nil {
		return w.abort(ctx, data.Errorf(data.ECONFLICT, "git add: %s", gitMessage(err)))
	}
	// The person may have committed the record themselves after `ladr
	// new`: then the branch is their commit, and nothing is added to it.
	if _, staged := wt.run(ctx, "diff", "--cached", "--quiet"); staged != nil {
		if _, err := wt.run(ctx, append(wt.identity(ctx), "commit", "--quiet", "-m", message)...); err != nil {
			return w.abort(ctx, data.Errorf(data.ECONFLICT, "git commit failed: %s", gitMessage(err)))
		}
	}
	id, err := wt.run(ctx, "rev-parse", "HEAD")
	if err != nil {
		return w.abort(ctx, err)
	}
	w.commitID = strings.TrimSpace(id)
	w.files = map[string][]byte{}
	for _, p := range paths {
		if b, err := os.ReadFile(filepath.Join(w.tmp, filepath.FromSlash(p))); err == nil {
			w.files[p] = b
		}
	}
	return nil
}

func (w *prWork) abort(ctx context.Context, err error) error {
	w.undo(ctx, false)
	return err
}

// undo removes the branch kaigi made, locally and, when it was pushed, on
// the remote.
func (w *prWork) undo(ctx context.Context, pushed bool) {
	w.cleanup()
	if pushed {
		w.g.run(ctx, "push", "--quiet", w.remote, "--delete", w.branch)
	}
	w.g.run(ctx, "branch", "--quiet", "-D", w.branch)
}

// cleanup removes the temporary worktree.
func (w *prWork) cleanup() {
	if w.tmp == "" {
		return
	}
	ctx := context.Background()
	w.g.run(ctx, "worktree", "remove", "--force", w.tmp)
	os.RemoveAll(filepath.Dir(w.tmp))
	w.g.run(ctx, "worktree", "prune")
	w.tmp = ""
}

// switchTree moves the person's work tree onto the new branch: the
// record's own uncommitted files are now in its commit. It says why when
// it stays where it was.
func (w *prWork) switchTree(ctx context.Context) string {
	w.cleanup()
	for p := range w.files {
		w.dropLocal(ctx, p)
	}
	if w.ownOld != "" {
		w.dropLocal(ctx, w.ownOld)
	}
	if _, err := w.g.run(ctx, "checkout", "--quiet", w.branch); err != nil {
		return fmt.Sprintf("stayed on the current branch (%s); switch with git checkout %s", gitMessage(err), w.branch)
	}
	return ""
}

// dropLocal puts one path back as HEAD has it (removing it when HEAD has
// none), so the checkout of the branch that holds it can proceed.
func (w *prWork) dropLocal(ctx context.Context, p string) {
	if _, err := w.g.run(ctx, "cat-file", "-e", "HEAD:"+p); err == nil {
		w.g.run(ctx, "checkout", "--quiet", "HEAD", "--", p)
		return
	}
	os.Remove(filepath.Join(w.top, filepath.FromSlash(p)))
}
