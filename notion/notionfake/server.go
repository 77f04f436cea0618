package notionfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const maxBodyBytes = 500_000

// call is one authenticated API request being handled, with the workspace locked.
type call struct {
	ws     *workspace
	params []string // path wildcards, in order
	body   map[string]any
	query  url.Values
	actor  string // bot user ID of the token
	now    time.Time
	// sources is true for requests at 2025-09-03, which see data sources.
	sources bool
}

type route struct {
	method  string
	pattern string // segments after /v1/, "*" for an ID
	handle  func(*call) (map[string]any, *apiError)
	writes  bool
}

var routes = []route{
	{"GET", "users/me", handleMe, false},
	{"GET", "users", handleListUsers, false},
	{"GET", "users/*", handleGetUser, false},
	{"POST", "databases", handleCreateDatabase, true},
	{"GET", "databases/*", handleGetDatabase, false},
	{"PATCH", "databases/*", handleUpdateDatabase, true},
	{"POST", "databases/*/query", handleQueryDatabase, false},
	{"POST", "pages", handleCreatePage, true},
	{"GET", "pages/*", handleGetPage, false},
	{"PATCH", "pages/*", handleUpdatePage, true},
	{"GET", "pages/*/properties/*", handleGetPropertyItem, false},
	{"GET", "blocks/*", handleGetBlock, false},
	{"PATCH", "blocks/*", handleUpdateBlock, true},
	{"DELETE", "blocks/*", handleDeleteBlock, true},
	{"GET", "blocks/*/children", handleListChildren, false},
	{"PATCH", "blocks/*/children", handleAppendChildren, true},
	{"POST", "search", handleSearch, false},
	{"GET", "data_sources/*", handleGetDataSource, false},
	{"PATCH", "data_sources/*", handleUpdateDataSource, true},
	{"POST", "data_sources/*/query", handleQueryDataSource, false},
}

// matchRoute finds the route for method and escaped path; params stay URL-escaped.
func matchRoute(method, escapedPath string) (*route, []string) {
	rest, ok := strings.CutPrefix(escapedPath, "/v1/")
	if !ok {
		return nil, nil
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for i := range routes {
		r := &routes[i]
		pat := strings.Split(r.pattern, "/")
		if r.method != method || len(pat) != len(segs) {
			continue
		}
		var params []string
		matched := true
		for j, p := range pat {
			switch {
			case p == "*" && segs[j] != "":
				params = append(params, segs[j])
			case p != segs[j]:
				matched = false
			}
		}
		if matched {
			return r, params
		}
	}
	return nil, nil
}

// handle answers one request into w: version, route, auth, rate limit, body, then the route.
func (f *Fake) handle(w http.ResponseWriter, r *http.Request, requestID string) (wrote bool) {
	fail := func(e *apiError) bool { writeError(w, requestID, e); return false }
	if e := checkVersion(r.Header.Get("Notion-Version")); e != nil {
		return fail(e)
	}
	rt, params := matchRoute(r.Method, r.URL.EscapedPath())
	if rt == nil {
		return fail(errInvalidURL)
	}
	raw, tooLarge := readBody(r)
	if tooLarge {
		return fail(errBodyTooLarge)
	}
	body, e := parseBody(raw)

	f.mu.Lock()
	defer f.mu.Unlock()
	actor, ok := f.ws.Tokens[bearerToken(r.Header.Get("Authorization"))]
	if !ok {
		return fail(errUnauthorized)
	}
	now := f.clock.Now()
	if allowed, retryAfter := f.limiter.allow(actor, now); !allowed {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		return fail(errRateLimited)
	}
	if e != nil {
		return fail(e)
	}
	c := &call{ws: f.ws, params: params, body: body, query: r.URL.Query(), actor: actor, now: now,
		sources: r.Header.Get("Notion-Version") == sourcesVersion}
	if e := c.versionAllows(rt); e != nil {
		return fail(e)
	}
	f.ws.sourcesAPI = c.sources
	out, e := rt.handle(c)
	f.ws.sourcesAPI = false
	if e != nil {
		return fail(e)
	}
	f.ws.redact(actor, out)
	if c.sources {
		f.ws.sourceShapes(out)
	}
	writeJSON(w, http.StatusOK, requestID, out)
	return rt.writes
}

func readBody(r *http.Request) ([]byte, bool) {
	if r.Body == nil {
		return nil, false
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	return raw, err == nil && len(raw) > maxBodyBytes
}

// parseBody decodes a JSON object body; an empty body counts as {}.
func parseBody(raw []byte) (map[string]any, *apiError) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errInvalidJSON
	}
	body, ok := asObject(v)
	if !ok {
		return nil, bodyErr("body should be an object, instead was `%s`.", compact(v))
	}
	return body, nil
}

// pathID reads the i-th path parameter as a Notion ID.
func (c *call) pathID(i int, name string) (string, *apiError) {
	raw, _ := url.PathUnescape(c.params[i])
	id, ok := normalizeID(raw)
	if !ok {
		return "", validationErr("path failed validation: path.%s should be a valid uuid, instead was `%s`.", name, compact(raw))
	}
	return id, nil
}

func (c *call) page(i int) (*page, *apiError) {
	id, err := c.pathID(i, "page_id")
	if err != nil {
		return nil, err
	}
	p, ok := c.ws.Pages[id]
	if !ok || !c.ws.canSee(c.actor, id) {
		return nil, notFound("page", id)
	}
	return p, nil
}

func (c *call) database(i int) (*database, *apiError) {
	id, err := c.pathID(i, "database_id")
	if err != nil {
		return nil, err
	}
	d, ok := c.ws.Databases[id]
	if !ok || !c.ws.canSee(c.actor, id) {
		return nil, notFound("database", id)
	}
	return d, nil
}
