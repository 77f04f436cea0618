package webhooksig

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	body, key := []byte(`{"action":"opened"}`), []byte("s3cret")
	good := Sign(body, key)
	// Computed apart from Go's crypto, with:
	// printf '%s' '{"action":"opened"}' | openssl dgst -sha256 -hmac s3cret
	if want := "sha256=3ef76f8f67c2839504b3534592c6f42cabaa13dca21ed349ad19be2f2124b158"; good != want {
		t.Fatalf("Sign = %q, want %q", good, want)
	}
	for _, tt := range []struct {
		name   string
		header string
		body   []byte
		key    []byte
		want   bool
	}{
		{"good", good, body, key, true},
		{"upper-case hex", "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), body, key, true},
		{"missing", "", body, key, false},
		{"other key", Sign(body, []byte("other")), body, key, false},
		{"other body", good, []byte(`{"action":"closed"}`), key, false},
		{"not hex", "sha256=zz", body, key, false},
		{"wrong scheme", strings.Replace(good, "sha256=", "sha1=", 1), body, key, false},
		{"truncated", good[:20], body, key, false},
		{"empty key", Sign(body, nil), body, nil, false},
	} {
		if got := Valid(tt.header, tt.body, tt.key); got != tt.want {
			t.Errorf("%s: Valid = %v, want %v", tt.name, got, tt.want)
		}
	}
}
