package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// chunked hides a body's length from the client, so it is sent with
// Transfer-Encoding: chunked and no Content-Length.
type chunked struct{ io.Reader }

func TestOversizedChunkedFormIsTooLargeNotForbidden(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	big := strings.Repeat("x", 2<<20)
	post := func(b *browser, path, contentType, body string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, chunked{strings.NewReader(body)})
		req.Header.Set("Content-Type", contentType)
		if req.ContentLength != 0 || req.TransferEncoding != nil {
			t.Fatalf("the request declares its length (%d, %v); it must be chunked", req.ContentLength, req.TransferEncoding)
		}
		return b.do(req)
	}
	form := url.Values{"csrf": {b.csrf}}.Encode() + "&name=" + big
	resp, body := post(b, "/series", "application/x-www-form-urlencoded", form)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "too large") {
		t.Errorf("2 MiB chunked form: %d, want 413 saying the body is too large:\n%.300s", resp.StatusCode, body)
	}
	multipart := "--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.csrf +
		"\r\n--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + big + "\r\n--XX--\r\n"
	resp, body = post(b, "/series", "multipart/form-data; boundary=XX", multipart)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB chunked multipart form: %d, want 413:\n%.300s", resp.StatusCode, body)
	}
	anon := e.anonymous()
	_, page := anon.get("/login")
	resp, body = post(anon, "/login", "application/x-www-form-urlencoded",
		url.Values{"csrf": {hiddenCSRF(t, page)}, "email": {testEmail}}.Encode()+"&password="+big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB chunked login form: %d, want 413:\n%.300s", resp.StatusCode, body)
	}
	// A form that cannot be parsed is the sender's mistake, not a CSRF failure.
	resp, body = post(b, "/series", "multipart/form-data; boundary=XX", "--XX\r\nbroken")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "form") {
		t.Errorf("broken multipart form: %d, want 400 naming the form:\n%.300s", resp.StatusCode, body)
	}
	if n, _ := e.store.ListSeries(context.Background()); len(n) != 0 {
		t.Fatalf("an oversized request created %d series", len(n))
	}
}
