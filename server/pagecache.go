package server

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// pageCache keeps rendered pages that are read far more often than what
// they show changes: during a meeting everyone's browser reloads the same
// meeting page. An entry is for one path as one person sees it in one
// session (the page carries the session's CSRF token) in one language, and it is served
// only while the store's change journal has not moved past the change it
// was rendered after, and within the minute it was rendered in (ages and
// overdue flags follow the clock). Every change the page shows — meetings,
// agendas and their notes, decisions, tasks, people, series — appends to
// the journal in the transaction that makes it, so a cached page is never
// older than the newest committed change: the journal head is read before
// the page's data. The home page also lists Notion sync conflicts, which
// are not journaled: a new one shows there within the minute.
type pageCache struct {
	mu      sync.Mutex
	entries map[pageKey]cachedPage
}

type pageKey struct {
	uri, person, csrf string
	lang              i18n.Lang // a person who changes language sees the new one at once
}

type cachedPage struct {
	seq    int64
	minute int64
	body   []byte
	nonce  string // the one-time submission keys' common part in body
}

// maxCachedPages bounds the cache to a few MB: about a team's open tabs.
const maxCachedPages = 64

func (pc *pageCache) get(k pageKey, seq int64, now time.Time) ([]byte, string, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.entries[k]
	if !ok || e.seq != seq || e.minute != now.Unix()/60 {
		return nil, "", false
	}
	return e.body, e.nonce, true
}

func (pc *pageCache) put(k pageKey, seq int64, now time.Time, body []byte, nonce string) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.entries == nil {
		pc.entries = make(map[pageKey]cachedPage, maxCachedPages)
	}
	if _, ok := pc.entries[k]; !ok && len(pc.entries) >= maxCachedPages {
		for old := range pc.entries { // any one: stale entries are the common case
			delete(pc.entries, old)
			break
		}
	}
	pc.entries[k] = cachedPage{seq: seq, minute: now.Unix() / 60, body: append([]byte(nil), body...), nonce: nonce}
}

// cached answers a GET page from the page cache, or has render build it
// (render passes the page to keep when it rendered it with status 200).
// The one-time submission keys of a page's forms share a random nonce that
// render is given; a page served again from the cache gets a new one, so
// two views of one cached page never share a key.
func (a *app) cached(c echo.Context, render func(nonce string, keep func([]byte)) error) error {
	nonce := newNonce()
	if a.NoPageCache {
		return render(nonce, nil)
	}
	seq, _, err := a.Store.LastChange(c.Request().Context())
	if err != nil {
		return err
	}
	now := a.Now()
	key := pageKey{uri: c.Request().URL.RequestURI(), person: string(currentUser(c).ID), csrf: csrfToken(c), lang: a.tr(c).Lang()}
	if body, old, ok := a.pages.get(key, seq, now); ok {
		return writePage(c, http.StatusOK, bytes.ReplaceAll(body, []byte(old), []byte(nonce)))
	}
	return render(nonce, func(body []byte) { a.pages.put(key, seq, now, body, nonce) })
}

// newNonce is 128 random bits in hex: the common part of one page view's
// submission keys.
func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
