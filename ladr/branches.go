package ladr

import (
	"context"
	"path"
	"path/filepath"
	"strings"
)

// branchNames lists the record files the folder has on the repository's
// other branches, local and remote (open ladr/* branches among them), as
// paths inside the folder; nothing outside a git work tree.
func branchNames(ctx context.Context, fo *folder) []string {
	g := gitRepo{dir: fo.dir}
	if _, err := g.run(ctx, "rev-parse", "--show-prefix"); err != nil {
		return nil
	}
	refs, err := g.run(ctx, "for-each-ref", "--count=200", "--format=%(refname:short)", "refs/heads", "refs/remotes")
	if err != nil {
		return nil
	}
	var out []string
	for _, ref := range strings.Split(strings.TrimSpace(refs), "\n") {
		if ref == "" || strings.HasSuffix(ref, "/HEAD") {
			continue
		}
		names, err := g.run(ctx, "ls-tree", "-r", "-z", "--name-only", ref, "--", "./")
		if err != nil {
			continue
		}
		for _, name := range strings.Split(names, "\x00") {
			if name == "" || strings.Count(name, "/") > 1 || !isMarkdown(name) || isTemplateName(path.Base(name)) {
				continue
			}
			out = append(out, filepath.ToSlash(name))
		}
	}
	return out
}
