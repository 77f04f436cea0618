package server_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/server"
)

// TestMadeLADRTakesTheFoldersNumber: "make an LADR" in the web app takes
// the decision folder's next number, not one more than kaigi's highest;
// a second one does not take the first one's.
func TestMadeLADRTakesTheFoldersNumber(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"0038-use-kafka.md", "0039-use-redis.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("# "+name+"\n\n* Status: accepted\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := newEnv(t, func(d *server.Deps) {
		st := d.Store.(*data.Store)
		d.LADRNumber = func(ctx context.Context) (int, error) {
			n, _, err := ladr.NumberForNew(ctx, st, dir)
			return n, err
		}
	})
	ctx := context.Background()
	old := data.LADR{Title: "From another folder", Number: 41}
	if err := e.store.CreateLADR(ctx, &old); err != nil {
		t.Fatal(err)
	}
	b := e.login()
	var numbers []int
	for _, title := range []string{"監視基盤はDatadogに一本化する", "Use OpenSearch"} {
		resp, body := b.submit("/ladrs", url.Values{"title": {title}, "state": {"draft"}})
		where := seeOther(t, resp, body)
		l, err := e.store.LADR(ctx, data.LADRID(strings.TrimPrefix(where, "/ladrs/")))
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, l.Number)
	}
	var made record
	if st := e.api().call("POST", "/ladrs", `{"title":"Use NATS"}`, &made); st != http.StatusCreated {
		t.Fatalf("API create: %d %v", st, made)
	}
	numbers = append(numbers, int(made["number"].(float64)))
	if numbers[0] != 40 || numbers[1] != 42 || numbers[2] != 43 {
		t.Errorf("web and API records got %v, want [40 42 43]: the folder's next, then past the ones waiting for their files and kaigi's 41", numbers)
	}
}
