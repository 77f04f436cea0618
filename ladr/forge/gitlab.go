package forge

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// gitLab opens merge requests through GitLab's REST API (v4). It is a
// small typed client: kaigi needs two endpoints, and GitLab's own Go
// client brings a much larger dependency tree (see docs/design.md).
type gitLab struct {
	http    *http.Client
	base    string // https://HOST/api/v4
	token   string
	project string // group/…/project
}

func newGitLab(cfg Config) (*gitLab, error) {
	base := strings.TrimRight(cfg.APIURL, "/")
	if base == "" {
		base = "https://gitlab.com"
	}
	if u, err := url.Parse(base); err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s=%q is not a URL", EnvGitLabURL, cfg.APIURL)
	}
	if !strings.HasSuffix(base, "/api/v4") {
		base += "/api/v4"
	}
	return &gitLab{http: cfg.HTTP, base: base, token: cfg.Token, project: cfg.Repo}, nil
}

func (g *gitLab) Name() string { return "GitLab" }

// glProject is the part of GET /projects/:id kaigi reads.
type glProject struct {
	DefaultBranch string `json:"default_branch"`
}

// glMergeRequest is the part of a merge request kaigi reads.
type glMergeRequest struct {
	IID    int    `json:"iid"`
	WebURL string `json:"web_url"`
}

func (g *gitLab) DefaultBranch(ctx context.Context) (string, error) {
	var p glProject
	if err := g.do(ctx, http.MethodGet, "", nil, &p, "read project "+g.project); err != nil {
		return "", err
	}
	return p.DefaultBranch, nil
}

func (g *gitLab) Open(ctx context.Context, r Request) (Opened, error) {
	in := map[string]any{"source_branch": r.Head, "target_branch": r.Base, "title": r.Title, "description": r.Body,
		"remove_source_branch": true}
	var mr glMergeRequest
	if err := g.do(ctx, http.MethodPost, "/merge_requests", in, &mr, "open the merge request"); err != nil {
		return Opened{}, err
	}
	return Opened{URL: mr.WebURL, Number: mr.IID}, nil
}

func (g *gitLab) do(ctx context.Context, method, path string, in, out any, what string) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, g.base+"/projects/"+url.PathEscape(g.project)+path, body)
	if err != nil {
		return fmt.Errorf("GitLab: %s: %w", what, err)
	}
	req.Header.Set("PRIVATE-TOKEN", g.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := g.http.Do(req)
	if err != nil {
		return fmt.Errorf("GitLab: %s: %w", what, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("GitLab: %s: read the answer: %w", what, err)
	}
	if resp.StatusCode >= 300 {
		return g.explain(what, resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("GitLab: %s: the answer is not JSON: %w", what, err)
	}
	return nil
}

// explain turns GitLab's error body ({"message": "..."}, {"message":
// ["..."]}, {"message": {"field": ["..."]}} or {"error": "..."}) into one line.
func (g *gitLab) explain(what string, status int, raw []byte) error {
	var e struct {
		Message json.RawMessage `json:"message"`
		Error   string          `json:"error"`
	}
	msg := http.StatusText(status)
	if json.Unmarshal(raw, &e) == nil {
		if m := flatten(e.Message); m != "" {
			msg = m
		} else if e.Error != "" {
			msg = e.Error
		}
	}
	switch status {
	case http.StatusUnauthorized:
		msg = fmt.Sprintf("GitLab refused the token (%s); set %s to a token with the api scope on %s", msg, EnvGitLabToken, g.project)
	case http.StatusForbidden:
		msg = fmt.Sprintf("GitLab: %s: %s; the token needs the api scope and Developer access to %s", what, msg, g.project)
	case http.StatusNotFound:
		msg = fmt.Sprintf("GitLab: %s: project %s not found, or the token cannot see it (%s)", what, g.project, msg)
	default:
		msg = fmt.Sprintf("GitLab: %s: %s", what, msg)
	}
	return &Error{Status: status, Message: msg}
}

// flatten reads GitLab's message, which is a string, a list of strings or
// a map of field to strings.
func flatten(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	var fields map[string][]string
	if json.Unmarshal(raw, &fields) == nil {
		var parts []string
		for k, v := range fields {
			parts = append(parts, k+" "+strings.Join(v, ", "))
		}
		return strings.Join(parts, "; ")
	}
	return ""
}
