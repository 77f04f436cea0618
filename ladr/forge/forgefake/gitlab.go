package forgefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// GitLab serves GitLab's v4 API for one project: GET /api/v4/projects/:id
// and POST /api/v4/projects/:id/merge_requests, :id being the project's
// URL-encoded path.
type GitLab struct{ Fake }

func (g *GitLab) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("PRIVATE-TOKEN") != g.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
		return
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v4/projects/"+url.PathEscape(g.Repo))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Project Not Found"})
		return
	}
	switch {
	case r.Method == http.MethodGet && rest == "":
		writeJSON(w, http.StatusOK, map[string]any{"id": 3, "path_with_namespace": g.Repo, "default_branch": g.DefaultBranch,
			"web_url": "https://gitlab.example.com/" + g.Repo, "visibility": "private"})
	case r.Method == http.MethodPost && rest == "/merge_requests":
		g.create(w, r)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "404 Not Found"})
	}
}

func (g *GitLab) create(w http.ResponseWriter, r *http.Request) {
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the request body is not JSON"})
		return
	}
	str := func(k string) string { s, _ := in[k].(string); return s }
	for _, k := range []string{"source_branch", "target_branch", "title"} {
		if str(k) == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": k + " is missing"})
			return
		}
	}
	if !g.branchOK(str("source_branch")) {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": []string{"Source branch does not exist"}})
		return
	}
	c, fresh := g.open(str("title"), str("description"), str("source_branch"), str("target_branch"), "https://gitlab.example.com/"+g.Repo+"/-/merge_requests/%d")
	if !fresh {
		writeJSON(w, http.StatusConflict, map[string]any{"message": []string{fmt.Sprintf("Another open merge request already exists for this source branch: !%d", c.Number)}})
		return
	}
	at := c.CreatedAt.Format("2006-01-02T15:04:05.000Z")
	writeJSON(w, http.StatusCreated, map[string]any{"id": 100 + c.Number, "iid": c.Number, "project_id": 3,
		"title": c.Title, "description": c.Body, "state": "opened", "created_at": at, "updated_at": at,
		"target_branch": c.Base, "source_branch": c.Head, "author": map[string]any{"id": 2, "username": "kaigi-bot"},
		"draft": false, "merge_status": "checking", "detailed_merge_status": "checking", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
		"web_url": c.URL, "references": map[string]string{"short": fmt.Sprintf("!%d", c.Number)}})
}
