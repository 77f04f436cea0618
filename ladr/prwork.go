package ladr

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/forge"
)

// prWork is one `ladr pr` under way: what it read of the repository, what
// it plans to commit, and what to undo.
type prWork struct {
	st     *data.Store
	opt    PROptions
	l      data.LADR
	g      gitRepo
	top    string // the work tree's top folder
	dirRel string // the LADR folder, relative to top, slash-separated
	remote string
	push   bool
	gh     string // the gh CLI, when it opens the pull request
	base   string
	branch string

	fo             *folder
	p              *planner
	planned        []plannedFile
	files          map[string][]byte // repository path → bytes to commit
	names          map[data.LADRID]string
	links          Links
	ownOld         string // the record's file in the work tree before a renumbering
	renumberedFrom int
	notes          []string

	tmp      string // the temporary worktree
	commitID string
}

func openPRWork(ctx context.Context, st *data.Store, l data.LADR, opt PROptions) (*prWork, error) {
	w := &prWork{st: st, opt: opt, l: l, g: gitRepo{dir: opt.Repo}, remote: opt.Remote, push: opt.Push || opt.Open}
	if w.remote == "" {
		w.remote = "origin"
	}
	top, err := w.g.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, data.Invalid("repo", "%s is not a git work tree", opt.Repo)
	}
	w.top = strings.TrimSpace(top)
	w.g = gitRepo{dir: w.top}
	folder, err := filepath.Abs(folderOf(opt))
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(w.top, folder)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, data.Invalid("dir", "%s is not inside the repository %s", folder, w.top)
	}
	w.dirRel = filepath.ToSlash(rel)
	return w, nil
}

// prepare checks the remote, the forge and the base branch before
// anything is written, and fetches so that numbers taken meanwhile on the
// remote are seen.
func (w *prWork) prepare(ctx context.Context) error {
	if w.push {
		if _, err := w.g.run(ctx, "remote", "get-url", w.remote); err != nil {
			return data.Errorf(data.EINVALID, "%s has no remote named %q; add it (git remote add %s URL) or name another with --remote; kaigi changed nothing", w.top, w.remote, w.remote)
		}
	}
	if w.opt.Open && w.opt.Forge == nil {
		gh, err := exec.LookPath("gh")
		if err != nil {
			return data.Errorf(data.EINVALID, "no forge token to open the pull request with: set %s (or %s for GitLab), or install the gh CLI; kaigi changed nothing", forge.EnvGitHubToken, forge.EnvGitLabToken)
		}
		w.gh = gh
	}
	w.base = w.opt.Base
	if w.opt.Open && w.opt.Forge != nil {
		base, err := w.opt.Forge.DefaultBranch(ctx)
		if err != nil {
			return data.Errorf(data.EINVALID, "%s; kaigi changed nothing", err.Error())
		}
		if w.base == "" {
			w.base = base
		}
	}
	if w.push {
		if _, err := w.g.run(ctx, "fetch", "--quiet", "--prune", w.remote); err != nil {
			return data.Errorf(data.ECONFLICT, "fetch from %s failed: %s; kaigi changed nothing", w.remote, gitMessage(err))
		}
	}
	if w.base == "" {
		w.base = w.g.remoteHead(ctx, w.remote)
	}
	return nil
}

// plan works out the files to commit, renumbering the record when its
// number is taken, and refuses other people's uncommitted changes.
func (w *prWork) plan(ctx context.Context) error {
	fo, p, err := openPlanner(ctx, w.st, folderOf(w.opt), ExportOptions{Renderer: w.opt.Renderer, Naming: w.opt.Layout.Naming()})
	if err != nil {
		return err
	}
	if w.ownEdited(p) {
		// The person wrote into the file after `ladr new`: read it into
		// kaigi first, as an import would, so their words go up for review.
		if _, err := Import(ctx, w.st, folderOf(w.opt), ImportOptions{}); err != nil {
			return err
		}
		if fo, p, err = openPlanner(ctx, w.st, folderOf(w.opt), ExportOptions{Renderer: w.opt.Renderer, Naming: w.opt.Layout.Naming()}); err != nil {
			return err
		}
		if w.l, err = w.st.LADR(ctx, w.l.ID); err != nil {
			return err
		}
	}
	w.fo, w.p = fo, p
	p.propose[w.l.ID] = true
	var own []plannedFile
	if row, has := p.rows[w.l.ID]; has {
		pf, ok, why := p.planEdit(w.l.ID)
		if why != "" {
			return data.Errorf(data.ECONFLICT, "%s; kaigi changed nothing", why)
		}
		if !ok { // the file already says what kaigi has
			disk, _ := p.read(row.Path)
			pf = plannedFile{name: row.Path, content: disk, id: w.l.ID, base: p.view(w.l.ID)}
		}
		pf.write = true
		own = append(own, pf)
	}
	ownBefore := ""
	if len(own) > 0 {
		ownBefore = own[0].name
	}
	if err := w.renumberIfTaken(ctx, own); err != nil {
		return err
	}
	ids := w.l.Supersedes
	if len(own) == 0 {
		ids = append([]data.LADRID{w.l.ID}, ids...)
	}
	planned, skipped := p.plan(ids, true)
	if len(skipped) > 0 {
		return data.Errorf(data.ECONFLICT, "%s; kaigi changed nothing", strings.Join(skipped, "; "))
	}
	w.planned = append(own, planned...)
	if p.names[w.l.ID] == "" {
		return data.Errorf(data.ECONFLICT, "LADR %d has no file to write in %s", w.l.Number, w.dirRel)
	}
	w.names, w.links = p.names, p.links(p.records[w.l.ID])
	w.l = p.records[w.l.ID]
	// `ladr new -s N` already wrote "superseded" into N's file; kaigi
	// may have nothing more to change there, and the file goes into the
	// commit as kaigi wrote it.
	for _, id := range w.l.Supersedes {
		row, has := p.rows[id]
		if !has || slices.ContainsFunc(w.planned, func(f plannedFile) bool { return f.id == id }) {
			continue
		}
		if disk, err := p.read(row.Path); err == nil && bytes.Equal(disk, row.Content) {
			base, _ := unmarshalView(row.Base)
			w.planned = append(w.planned, plannedFile{name: row.Path, content: disk, id: id, base: base, write: true})
		}
	}
	w.relink(ownBefore)
	w.files = map[string][]byte{}
	for _, f := range w.planned {
		if f.write {
			w.files[path.Join(w.dirRel, f.name)] = f.content
		}
	}
	w.branch = PRBranch(w.l)
	if err := w.refuseOthersChanges(ctx); err != nil {
		return err
	}
	return w.refuseTakenBranch(ctx)
}

// ownEdited reports whether the record's file was changed in the folder
// since kaigi wrote it.
func (w *prWork) ownEdited(p *planner) bool {
	row, has := p.rows[w.l.ID]
	if !has || len(row.Content) == 0 {
		return false
	}
	disk, err := p.read(row.Path)
	return err == nil && !bytes.Equal(disk, row.Content)
}

func (w *prWork) width() int {
	if w.p != nil && w.p.conv.Naming.Width() > 0 {
		return w.p.conv.Naming.Width()
	}
	return 4
}

// refuseOthersChanges refuses a work tree with uncommitted changes other
// than the files this pull request commits, naming them.
func (w *prWork) refuseOthersChanges(ctx context.Context) error {
	out, err := w.g.run(ctx, "status", "--porcelain=v1", "-z", "--untracked-files=all")
	if err != nil {
		return err
	}
	ours := map[string]bool{}
	for p := range w.files {
		ours[p] = true
	}
	if w.ownOld != "" {
		ours[w.ownOld] = true
	}
	if ix := w.fo.index.name; ix != "" {
		ours[path.Join(w.dirRel, ix)] = true // the index `ladr new` updated; regenerated in the commit
	}
	var others []string
	entries := strings.Split(out, "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		if len(e) < 4 {
			continue
		}
		p := e[3:]
		if e[0] == 'R' || e[0] == 'C' {
			i++ // the rename's source follows
		}
		if !ours[p] {
			others = append(others, p)
		}
	}
	if len(others) == 0 {
		return nil
	}
	shown := others
	if len(shown) > 5 {
		shown = append(shown[:5:5], fmt.Sprintf("and %d more", len(others)-5))
	}
	return data.Errorf(data.ECONFLICT, "%s has uncommitted changes that are not this LADR's: %s; commit or stash them first, kaigi changed nothing", w.top, strings.Join(shown, ", "))
}

func (w *prWork) refuseTakenBranch(ctx context.Context) error {
	for _, ref := range []string{"refs/heads/" + w.branch, "refs/remotes/" + w.remote + "/" + w.branch} {
		if _, err := w.g.run(ctx, "rev-parse", "--verify", "--quiet", ref); err == nil {
			return data.Errorf(data.ECONFLICT, "branch %s already exists in %s; delete it or open its pull request, kaigi changed nothing", w.branch, w.top)
		}
	}
	return nil
}
