package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestStaticAssetsAreCachedByContent: pages link the stylesheet and script
// by content-hashed names, which are cached for a year; every answer has
// an ETag that a revalidation matches with 304, and gzip is sent to
// clients that take it.
func TestStaticAssetsAreCachedByContent(t *testing.T) {
	e := newEnv(t)
	_, page := e.login().get("/")
	m := regexp.MustCompile(`<link rel="stylesheet" href="(/static/app\.[0-9a-f]{10}\.css)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page does not link a hashed stylesheet:\n%s", page)
	}
	get := func(path string, header ...string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gunzip
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	resp, css := get(m[1])
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=31536000") ||
		!strings.Contains(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(string(css), ":root") {
		t.Fatalf("GET %s: %d %v", m[1], resp.StatusCode, resp.Header)
	}
	etag := resp.Header.Get("ETag")
	if resp, _ := get(m[1], "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with %s: %d, want 304", etag, resp.StatusCode)
	}
	resp, gz := get(m[1], "Accept-Encoding", "gzip, br")
	if resp.Header.Get("Content-Encoding") != "gzip" || len(gz) >= len(css) {
		t.Fatalf("gzip: %q, %d bytes for %d", resp.Header.Get("Content-Encoding"), len(gz), len(css))
	}
	r, err := gzip.NewReader(strings.NewReader(string(gz)))
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(r); string(plain) != string(css) {
		t.Error("the gzip form is not the stylesheet")
	}
	if resp, _ := get("/static/app.css"); resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("the plain name: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, body := get("/static/app.0000000000.css"); resp.StatusCode != http.StatusOK || string(body) != string(css) ||
		resp.Header.Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("an older hash: %d %q, want the current stylesheet, briefly cached", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := get("/static/nothing.css"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown file: %d, want 404", resp.StatusCode)
	}
}
