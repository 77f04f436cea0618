// Package forgefake is an in-memory GitHub REST API and GitLab v4 API for
// tests, served through httptest: the few endpoints kaigi calls, answering
// in the shapes the forges document, errors included (401 bad
// credentials, 404 for a repository the token cannot see, 422/409 for a
// second pull request of one branch or a head branch that does not exist).
package forgefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Created is one pull or merge request a fake made.
type Created struct {
	Number      int
	Title, Body string
	Head, Base  string
	URL         string
	CreatedAt   time.Time
}

// Fake is what both forges keep.
type Fake struct {
	Token         string
	Repo          string // owner/name or group/project
	DefaultBranch string
	// BranchExists says whether a head branch is on the remote; nil
	// accepts every branch.
	BranchExists func(string) bool

	mu      sync.Mutex
	created []Created
}

// Created returns the pull requests made so far.
func (f *Fake) Created() []Created {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.created)
}

// open records a request for head unless one is open for it.
func (f *Fake) open(title, body, head, base, url string) (Created, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.created {
		if c.Head == head {
			return c, false
		}
	}
	c := Created{Number: len(f.created) + 1, Title: title, Body: body, Head: head, Base: base, CreatedAt: time.Now().UTC()}
	c.URL = fmt.Sprintf(url, c.Number)
	f.created = append(f.created, c)
	return c, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *Fake) branchOK(b string) bool { return f.BranchExists == nil || f.BranchExists(b) }

func splitRepo(s string) (string, string) {
	o, n, _ := strings.Cut(s, "/")
	return o, n
}
