package server

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxLocalPath bounds a redirect target; our own pages' URLs are far shorter.
const maxLocalPath = 2048

// localPath returns p when a browser following it as a redirect stays on
// this site, and fallback otherwise. It is the one check behind every
// redirect target taken from a request (login's next, the back field of
// tasks, decisions and the sync page).
//
// Browsers drop tabs and newlines anywhere in a URL and read a backslash as
// a slash, so "/\t/evil.example" and "/\evil.example" lead off-site: such
// characters are refused outright, as are control characters, spaces and
// invalid UTF-8, which no link of ours contains. The percent-decoded path
// is held to the same rules, so a proxy that decodes once cannot turn
// "/%2F/evil.example" into "//evil.example". A fragment is dropped: callers
// add their own.
func localPath(p, fallback string) string {
	p, _, _ = strings.Cut(p, "#")
	if !plainLocal(p) {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !plainLocal(u.Path) {
		return fallback
	}
	return p
}

// plainLocal reports whether p starts with exactly one slash and holds no
// byte a browser would strip or reinterpret.
func plainLocal(p string) bool {
	if p == "" || len(p) > maxLocalPath || p[0] != '/' || !utf8.ValidString(p) {
		return false
	}
	if len(p) > 1 && p[1] == '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if b := p[i]; b <= ' ' || b == 0x7f || b == '\\' {
			return false
		}
	}
	return true
}
