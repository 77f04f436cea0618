package server_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// htmlValidate is the pinned html-validate (package.json) with the
// repository's .htmlvalidate.json; without it the test skips locally and
// fails in CI.
func htmlValidate(t *testing.T) string {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("..", "node_modules", ".bin", "html-validate"))
	if err == nil {
		_, err = os.Stat(bin)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("html-validate is required in CI (npm ci at the repository root): %v", err)
		}
		t.Skipf("html-validate not installed (%v); run npm ci at the repository root", err)
	}
	return bin
}

// TestEveryPageKindIsValidHTML saves every kind of page, in English and in
// Japanese, logged in and not, and runs html-validate's recommended rules
// on them all (the rules turned off are in .htmlvalidate.json and
// docs/design.md).
func TestEveryPageKindIsValidHTML(t *testing.T) {
	bin := htmlValidate(t)
	fs := &fakeSync{resolved: map[string]string{}, conflicts: []server.SyncConflict{
		{ID: "c1", Entity: "task", Title: "Ship", Field: "title", Local: "Ship Friday", Remote: "Ship Monday"}}}
	e := newEnv(t, func(d *server.Deps) { d.Sync = fs })
	pages := a11ySite(t, e)
	dir := t.TempDir()
	save := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".html"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"en", "ja"} {
		must(t, e.store.UpdateSettings(context.Background(), e.user.ID, data.Settings{Lang: lang, DigestHour: 8}))
		b := e.login()
		for _, p := range pages {
			resp, body := b.get(p[1])
			if resp.StatusCode != http.StatusOK && p[0] != "not found" {
				t.Fatalf("%s: %d", p[1], resp.StatusCode)
			}
			save(lang+"-"+p[0], body)
		}
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/login", nil)
		req.Header.Set("Accept-Language", lang)
		_, body := e.anonymous().do(req)
		save(lang+"-login", body)
	}
	cmd := exec.Command(bin, "--config", filepath.Join("..", ".htmlvalidate.json"), filepath.Join(dir, "*.html"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("html-validate: %v\n%s", err, out)
	}
}
