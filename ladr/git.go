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
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

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
			return stdout.String(), &gitError{cmd: args[0], msg: oneLineOf(stderr.String())}
		}
		return stdout.String(), fmt.Errorf("run git: %w", err)
	}
	return stdout.String(), nil
}

// gitError is git's own complaint, in one line.
type gitError struct{ cmd, msg string }

func (e *gitError) Error() string { return "git " + e.cmd + ": " + e.msg }

// gitMessage is what git said, without the command's name.
func gitMessage(err error) string {
	var ge *gitError
	if errors.As(err, &ge) {
		return ge.msg
	}
	return err.Error()
}

// oneLineOf joins git's lines into one: hints, progress and "To <url>"
// lines (which may carry credentials) are dropped, "remote:" prefixes
// and repeated lines too.
func oneLineOf(s string) string {
	var parts []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "remote:"))
		switch {
		case line == "", strings.HasPrefix(line, "hint:"), strings.HasPrefix(line, "To "), strings.HasPrefix(line, "From "),
			strings.HasPrefix(line, "error: failed to push some refs"), slices.Contains(parts, line):
			continue
		}
		parts = append(parts, strings.TrimPrefix(strings.TrimPrefix(line, "fatal: "), "error: "))
	}
	if len(parts) == 0 {
		return "git failed without saying why"
	}
	return strings.Join(parts, "; ")
}

// remoteHead is the remote's default branch as the last fetch saw it,
// else main or master where the repository has one, else the current
// branch.
func (g gitRepo) remoteHead(ctx context.Context, remote string) string {
	if head, err := g.run(ctx, "symbolic-ref", "--quiet", "--short", "refs/remotes/"+remote+"/HEAD"); err == nil {
		return strings.TrimPrefix(strings.TrimSpace(head), remote+"/")
	}
	for _, b := range []string{"main", "master"} {
		if _, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "refs/remotes/"+remote+"/"+b); err == nil {
			return b
		}
		if _, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "refs/heads/"+b); err == nil {
			return b
		}
	}
	cur, _ := g.run(ctx, "symbolic-ref", "--quiet", "--short", "HEAD")
	return strings.TrimSpace(cur)
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

// firstCommitDates maps each file of dir to the day of the commit that
// added it, when dir is in a git work tree (one git log for the folder).
func firstCommitDates(ctx context.Context, dir string) map[string]data.Date {
	out, err := gitRepo{dir: dir}.run(ctx, "log", "--diff-filter=A", "--relative", "--format=%x00%as", "--name-only", "--", ".")
	if err != nil {
		return nil
	}
	dates := map[string]data.Date{}
	for _, commit := range strings.Split(out, "\x00") {
		lines := strings.Split(strings.TrimSpace(commit), "\n")
		if len(lines) < 2 {
			continue
		}
		d, _, ok := convention.ParseDate(lines[0])
		if !ok || d.IsZero() {
			continue
		}
		for _, name := range lines[1:] {
			if name = strings.TrimSpace(name); name != "" && !strings.Contains(name, "/") {
				dates[name] = d // git log is newest first: the last one seen is the first commit
			}
		}
	}
	return dates
}

// branchCollisions finds record numbers that another branch of the
// repository gives to another file in the same folder: two people who
// numbered by hand on two branches. It says which record to renumber (the
// one not on the default branch) and to what.
func branchCollisions(ctx context.Context, fo *folder) []Problem {
	if fo.conv.Naming.Dated() {
		return nil
	}
	g := gitRepo{dir: fo.dir}
	if _, err := g.run(ctx, "rev-parse", "--show-prefix"); err != nil {
		return nil // not in a git work tree
	}
	refsOut, err := g.run(ctx, "for-each-ref", "--count=200", "--format=%(refname:short)", "refs/heads", "refs/remotes")
	if err != nil {
		return nil
	}
	current, _ := g.run(ctx, "rev-parse", "--abbrev-ref", "HEAD")
	current = strings.TrimSpace(current)
	defaults := defaultBranches(ctx, g)
	local := map[int][]string{}
	maxNumber := 0
	for _, f := range fo.files {
		if f.Numbered() {
			local[f.Doc.Number] = append(local[f.Doc.Number], f.Path)
			maxNumber = max(maxNumber, f.Doc.Number)
		}
	}
	type hit struct {
		mine, theirs, branch string
		n                    int
	}
	var hits []hit
	seen := map[string]bool{}
	for _, ref := range strings.Fields(refsOut) {
		if ref == current || strings.HasSuffix(ref, "/HEAD") || ref == "origin/"+current {
			continue
		}
		names, err := g.run(ctx, "ls-tree", "--name-only", ref, "--", "./")
		if err != nil {
			continue
		}
		for _, name := range strings.Fields(strings.ReplaceAll(names, " ", "\x00")) {
			name = strings.ReplaceAll(filepath.Base(name), "\x00", " ")
			n, ok := convention.NumberOf(name)
			if !ok || isTemplateName(name) {
				continue
			}
			maxNumber = max(maxNumber, n)
			for _, mine := range local[n] {
				if mine == name || slices.Contains(fo.names, name) || seen[mine+"\x00"+name] ||
					fo.conv.PerArea && areaOf(mine) != convention.AreaOf(name) { // each area numbers its own
					continue
				}
				seen[mine+"\x00"+name] = true
				hits = append(hits, hit{mine: mine, theirs: name, branch: ref, n: n})
			}
		}
	}
	var out []Problem
	for i, h := range hits {
		next := fmt.Sprintf("%0*d", max(fo.conv.Naming.Width(), 1), maxNumber+1+i)
		msg := fmt.Sprintf("number %d is also used by %s on branch %s; ", h.n, h.theirs, h.branch)
		if defaults[h.branch] || !defaults[current] {
			msg += fmt.Sprintf("renumber this record to %s (kaigi ladr new assigns numbers that do not collide)", next)
		} else {
			msg += fmt.Sprintf("renumber %s on %s to %s (kaigi ladr new assigns numbers that do not collide)", h.theirs, h.branch, next)
		}
		out = append(out, Problem{Path: filepath.Join(fo.dir, h.mine), Line: 1, Message: msg})
	}
	return out
}

// defaultBranches are the branches records land on: origin's HEAD, main
// and master.
func defaultBranches(ctx context.Context, g gitRepo) map[string]bool {
	out := map[string]bool{"main": true, "master": true, "origin/main": true, "origin/master": true}
	if head, err := g.run(ctx, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"); err == nil {
		out[strings.TrimSpace(head)] = true
	}
	return out
}
