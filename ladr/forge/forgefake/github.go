package forgefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// GitHub serves GitHub's REST API for one repository: GET
// /repos/{owner}/{repo} and POST /repos/{owner}/{repo}/pulls.
type GitHub struct{ Fake }

const ghDocs = "https://docs.github.com/rest"

func (g *GitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+g.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": ghDocs, "status": "401"})
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/repos/"+g.Repo)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found", "documentation_url": ghDocs + "/repos/repos#get-a-repository", "status": "404"})
		return
	}
	owner, name := splitRepo(g.Repo)
	switch {
	case r.Method == http.MethodGet && rest == "":
		writeJSON(w, http.StatusOK, map[string]any{"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": name,
			"full_name": g.Repo, "private": true, "owner": map[string]any{"login": owner, "id": 1, "type": "Organization"},
			"html_url": "https://github.com/" + g.Repo, "default_branch": g.DefaultBranch,
			"permissions": map[string]bool{"admin": false, "push": true, "pull": true}})
	case r.Method == http.MethodPost && rest == "/pulls":
		g.create(w, r, owner)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found", "documentation_url": ghDocs, "status": "404"})
	}
}

func (g *GitHub) create(w http.ResponseWriter, r *http.Request, owner string) {
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON", "documentation_url": ghDocs, "status": "400"})
		return
	}
	str := func(k string) string { s, _ := in[k].(string); return s }
	invalid := func(field, code string) {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed",
			"errors":            []map[string]string{{"resource": "PullRequest", "field": field, "code": code}},
			"documentation_url": ghDocs + "/pulls/pulls#create-a-pull-request", "status": "422"})
	}
	switch {
	case str("title") == "":
		invalid("title", "missing_field")
		return
	case str("base") == "" || !g.branchOK(str("base")):
		invalid("base", "invalid")
		return
	case str("head") == "" || !g.branchOK(str("head")):
		invalid("head", "invalid")
		return
	}
	c, fresh := g.open(str("title"), str("body"), str("head"), str("base"), "https://github.com/"+g.Repo+"/pull/%d")
	if !fresh {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed",
			"errors": []map[string]string{{"resource": "PullRequest", "code": "custom",
				"message": fmt.Sprintf("A pull request already exists for %s:%s.", owner, c.Head)}},
			"documentation_url": ghDocs + "/pulls/pulls#create-a-pull-request", "status": "422"})
		return
	}
	at := c.CreatedAt.Format(time.RFC3339)
	writeJSON(w, http.StatusCreated, map[string]any{
		"url": "https://api.github.com/repos/" + g.Repo + fmt.Sprintf("/pulls/%d", c.Number), "id": 1000 + c.Number,
		"node_id": "PR_kwDOA", "html_url": c.URL, "number": c.Number, "state": "open", "locked": false,
		"title": c.Title, "body": c.Body, "user": map[string]any{"login": "kaigi-bot", "id": 2},
		"created_at": at, "updated_at": at, "closed_at": nil, "merged_at": nil, "merge_commit_sha": nil, "draft": false,
		"head":   map[string]any{"label": owner + ":" + c.Head, "ref": c.Head, "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
		"base":   map[string]any{"label": owner + ":" + c.Base, "ref": c.Base, "sha": "9049f1265b7d61be4a8904a9a27120d2064dab3b"},
		"merged": false, "mergeable": nil, "comments": 0, "commits": 1, "additions": 1, "deletions": 0, "changed_files": 1,
	})
}
