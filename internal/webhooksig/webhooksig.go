// Package webhooksig signs and checks webhook bodies the way GitHub
// (X-Hub-Signature-256) and Notion (X-Notion-Signature) both do: the header
// is "sha256=" and the hex HMAC-SHA256 of the raw body under the shared
// secret. The one helper for both of kaigi's webhooks and the fake Notion.
package webhooksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Sign returns the header value for body under key.
func Sign(body, key []byte) string {
	return "sha256=" + hex.EncodeToString(mac(body, key))
}

// Valid reports whether header is body's signature under key, comparing
// in constant time. An empty key never validates: an unset secret must not
// let unsigned or self-signed events through.
func Valid(header string, body, key []byte) bool {
	if len(key) == 0 {
		return false
	}
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sig, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	return hmac.Equal(sig, mac(body, key))
}

func mac(body, key []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return m.Sum(nil)
}
