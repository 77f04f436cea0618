package notionfake

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// startStandalone runs RunStandalone and returns its printed URL, token and parent page,
// a stop function returning RunStandalone's error, and the remaining output lines.
func startStandalone(t *testing.T, state string) (*env, func() error, <-chan string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- RunStandalone(ctx, StandaloneOptions{Addr: "127.0.0.1:0", StateFile: state, Rate: -1}, pw)
		pw.Close()
	}()
	out := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			out <- sc.Text()
		}
		close(out)
	}()
	e := &env{t: t}
	for _, prefix := range []string{"notion fake listening on ", "NOTION_TOKEN=", "NOTION_PARENT_PAGE_ID="} {
		line := <-out
		value, ok := strings.CutPrefix(line, prefix)
		if !ok {
			cancel()
			t.Fatalf("want %q..., got %q (%v)", prefix, line, <-done)
		}
		switch prefix {
		case "notion fake listening on ":
			e.url = value
		case "NOTION_TOKEN=":
			e.token = value
		default:
			e.root = value
		}
	}
	return e, func() error { cancel(); return <-done }, out
}

func TestStandalonePersistsWorkspaceAcrossRestarts(t *testing.T) {
	state := filepath.Join(t.TempDir(), "notion.json")
	e, stop, lines := startStandalone(t, state)
	db := e.tasksDB()
	p := e.createPage(db, map[string]any{"Name": map[string]any{"title": text("kept")}})
	if line := <-lines; !strings.HasPrefix(line, "POST /v1/databases 200 ") {
		t.Fatalf("log line: %q", line)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	again, stop2, _ := startStandalone(t, state)
	defer func() {
		if err := stop2(); err != nil {
			t.Error(err)
		}
	}()
	if again.token != e.token || again.root != e.root {
		t.Fatalf("identity changed: %s %s vs %s %s", again.token, again.root, e.token, e.root)
	}
	got := again.ok("GET", "/v1/pages/"+str(p["id"]), nil)
	if dig(got, "properties", "Name", "title", 0, "plain_text") != "kept" {
		t.Fatalf("page lost: %v", got)
	}
	// New IDs do not collide with restored ones.
	p2 := again.createPage(db, nil)
	if p2["id"] == p["id"] {
		t.Fatal("ID reused after restart")
	}
	if r := again.doWith("GET", "/v1/users/me", nil, map[string]string{"Notion-Version": "2022-06-28"}); r.status != http.StatusUnauthorized {
		t.Fatalf("auth: %d", r.status)
	}
}
