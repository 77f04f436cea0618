package api

import "strings"

// Token is a Notion integration secret. It prints only its last four
// characters, so it cannot leak through logs, errors or pages by accident;
// only the client reads the secret, to send it.
type Token struct{ secret string }

func NewToken(secret string) Token { return Token{secret: strings.TrimSpace(secret)} }

func (t Token) String() string {
	if len(t.secret) <= 4 {
		return "…"
	}
	return "…" + t.secret[len(t.secret)-4:]
}

func (t Token) GoString() string { return "api.Token(" + t.String() + ")" }

// MarshalText keeps the secret out of JSON and structured logs as well.
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

func (t Token) Empty() bool { return t.secret == "" }
