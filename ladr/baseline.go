package ladr

import (
	"context"
	"strings"
)

// baseline lists the record files lint takes as they are, the way linters'
// baselines do: files that the default branch already had at the point
// this branch left it (the merge base of HEAD and origin's HEAD, main or
// master) and that nobody changed since, committed or not. The folder's
// template requires its sections of new and changed records only, so a
// team's older records never fail the first run in CI. Outside git, or in
// a repository without a default branch, there is no baseline and every
// record is checked.
func baseline(ctx context.Context, dir string) map[string]bool {
	g := gitRepo{dir: dir}
	if _, err := g.run(ctx, "rev-parse", "--show-prefix"); err != nil {
		return nil
	}
	base := ""
	for _, ref := range defaultRefs(ctx, g) {
		if out, err := g.run(ctx, "merge-base", "HEAD", ref); err == nil {
			base = strings.TrimSpace(out)
			break
		}
	}
	if base == "" {
		return nil
	}
	listed, err := g.run(ctx, "ls-tree", "-r", "-z", "--name-only", base, "--", "./")
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, name := range strings.Split(listed, "\x00") {
		if name != "" {
			out[name] = true
		}
	}
	changed, err := g.run(ctx, "diff", "-z", "--name-only", "--relative", base, "--", "./")
	if err != nil {
		return nil
	}
	for _, name := range strings.Split(changed, "\x00") {
		delete(out, name)
	}
	return out
}

// defaultRefs are the refs that may be the default branch, best first.
func defaultRefs(ctx context.Context, g gitRepo) []string {
	var refs []string
	if head, err := g.run(ctx, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"); err == nil {
		refs = append(refs, strings.TrimSpace(head))
	}
	return append(refs, "origin/main", "origin/master", "main", "master")
}
