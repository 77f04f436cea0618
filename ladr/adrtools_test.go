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

// adr runs the real adr-tools (Debian's adr-tools package; CI installs
// it) in repo, with no editor, as a person at a terminal would.
func adr(t *testing.T, repo string, args ...string) {
	t.Helper()
	cmd := exec.Command("adr", args...)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "EDITOR=", "VISUAL=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("adr %v: %v\n%s", args, err, out)
	}
}

// TestFolderMadeByAdrTools works on a folder the real adr-tools made: lint
// flags the guidance `adr new` leaves in a record nobody filled in (the
// folder has no template file; the tool's own is known), import keeps
// those sections empty, export into the folder changes nothing, and a
// record adr-tools then writes with -s supersedes the older one in kaigi.
func TestFolderMadeByAdrTools(t *testing.T) {
	if _, err := exec.LookPath("adr"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("adr-tools is required in CI (apt-get install adr-tools): %v", err)
		}
		t.Skipf("adr-tools not installed (%v); apt-get install adr-tools to run this test", err)
	}
	ctx := context.Background()
	repo := t.TempDir()
	git(t, repo, "init", "--quiet", "-b", "main")
	adr(t, repo, "init", "doc/adr")
	adr(t, repo, "new", "キャッシュにはRedisを使う")
	dir := filepath.Join(repo, "doc", "adr")
	names, err := filepath.Glob(filepath.Join(dir, "0002-*.md"))
	if err != nil || len(names) != 1 {
		t.Fatalf("adr new wrote %q (%v)", names, err)
	}
	second := filepath.Base(names[0])

	problems, err := Lint(ctx, dir)
	must(t, err)
	flagged := map[string]bool{}
	for _, p := range problems {
		if filepath.Base(p.Path) == second && strings.Contains(p.Message, "guidance") {
			flagged[strings.Split(p.Message, `"`)[1]] = true
		} else {
			t.Errorf("lint: %s", p)
		}
	}
	for _, s := range []string{"Context", "Decision", "Consequences"} {
		if !flagged[s] {
			t.Errorf("lint did not flag adr-tools' guidance left in %s of %s (flagged %v)", s, second, flagged)
		}
	}

	git(t, repo, "add", "-A")
	git(t, repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "adr init, adr new")
	st := openStore(t)
	res, err := Import(ctx, st, dir, ImportOptions{})
	must(t, err)
	if n := countActions(res.Files); n[Created] != 2 {
		t.Fatalf("import: %v", n)
	}
	l, err := st.LADRByNumber(ctx, 2)
	must(t, err)
	if l.Title != "キャッシュにはRedisを使う" || l.Context != "" || l.Decision != "" || l.Consequences != "" {
		t.Errorf("record 2 from adr new: %+v", l)
	}
	ex, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if len(ex.Written) > 0 || ex.Unchanged != 2 {
		t.Errorf("export wrote %q, %d unchanged", ex.Written, ex.Unchanged)
	}
	if status := git(t, repo, "status", "--porcelain", "--untracked-files=all"); status != "" {
		t.Errorf("git status after import and export:\n%s", status)
	}

	adr(t, repo, "new", "-s", "2", "キャッシュにはmemcachedを使う")
	res, err = Import(ctx, st, dir, ImportOptions{})
	must(t, err)
	if n := countActions(res.Files); n[Created] != 1 || n[Failed] != 0 {
		t.Fatalf("import after adr new -s 2: %v", n)
	}
	l, err = st.LADRByNumber(ctx, 2)
	must(t, err)
	newer, err := st.LADRByNumber(ctx, 3)
	must(t, err)
	if l.State != data.LADRSuperseded || len(l.SupersededBy) != 1 || l.SupersededBy[0] != newer.ID {
		t.Errorf("record 2 after adr new -s 2: state %s, superseded by %v (record 3 is %s)", l.State, l.SupersededBy, newer.ID)
	}
}
