package ladr

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// conventionFolders are the real-shaped folders in testdata/folders: the
// folder of records inside each repository.
var conventionFolders = map[string]string{
	"adr-tools":  "doc/adr",
	"madr":       "docs/decisions",
	"log4brains": "docs/adr",
	"rakus":      "docs/adr",
	"japanese":   "docs/decisions",
}

// gitFolder copies a testdata repository into a new git repository with
// one commit and returns the repository and its record folder.
func gitFolder(t testing.TB, kind string) (repo, dir string) {
	t.Helper()
	repo = t.TempDir()
	src := filepath.Join("testdata", "folders", kind)
	must(t, os.CopyFS(repo, os.DirFS(src)))
	git(t, repo, "init", "--quiet", "-b", "main")
	git(t, repo, "add", "-A")
	git(t, repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "records as the team wrote them")
	return repo, filepath.Join(repo, filepath.FromSlash(conventionFolders[kind]))
}

func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
		"GIT_AUTHOR_DATE=2024-10-01T10:00:00Z", "GIT_COMMITTER_DATE=2024-10-01T10:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func countActions(files []FileReport) map[string]int {
	n := map[string]int{}
	for _, f := range files {
		n[f.Action]++
	}
	return n
}

// TestFolderRoundTrip imports each real-shaped folder and exports into the
// same folder: git sees no change at all, a second import creates nothing
// and changes nothing, and lint finds the consistent folder clean.
func TestFolderRoundTrip(t *testing.T) {
	for kind := range conventionFolders {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			repo, dir := gitFolder(t, kind)
			st := openStore(t)
			res, err := Import(ctx, st, dir, ImportOptions{})
			must(t, err)
			n := countActions(res.Files)
			if n[Failed] > 0 || n[Created] != len(res.Files) || len(res.Files) < 4 {
				var b strings.Builder
				WriteReport(&b, res.Files)
				t.Fatalf("first import: %v\n%s", n, b.String())
			}
			for _, f := range res.Files { // MADR's 0000 too: kaigi's numbers are the folder's
				if want, ok := convention.NumberOf(path.Base(f.Path)); ok && f.Number != want {
					t.Errorf("%s became LADR %d", f.Path, f.Number)
				}
			}
			ex, err := Export(ctx, st, dir, ExportOptions{})
			must(t, err)
			if len(ex.Written) > 0 || len(ex.Skipped) > 0 {
				t.Errorf("export of unchanged records wrote %q, skipped %q", ex.Written, ex.Skipped)
			}
			if status := git(t, repo, "status", "--porcelain", "--untracked-files=all"); status != "" {
				t.Errorf("git status after import and export:\n%s%s", status, git(t, repo, "diff"))
			}
			before, err := st.ChangesSince(ctx, 0, 100000)
			must(t, err)
			again, err := Import(ctx, st, dir, ImportOptions{})
			must(t, err)
			if n := countActions(again.Files); n[Unchanged] != len(again.Files) {
				var b strings.Builder
				WriteReport(&b, again.Files)
				t.Errorf("second import: %v, want every file unchanged\n%s", n, b.String())
			}
			after, err := st.ChangesSince(ctx, 0, 100000)
			must(t, err)
			if len(after) != len(before) {
				t.Errorf("second import made %d changes", len(after)-len(before))
			}
			all, err := AllLADRs(ctx, st)
			must(t, err)
			if len(all) != len(res.Files) {
				t.Errorf("%d records for %d files", len(all), len(res.Files))
			}
			problems, err := Lint(ctx, dir)
			must(t, err)
			for _, p := range problems {
				t.Errorf("lint: %s", p)
			}
		})
	}
}
