package ladr

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// GitLabWebhook is POST /webhooks/gitlab: merge request hooks move an
// LADR with its merge request, as GitHubWebhook does for pull requests.
// GitLab sends the webhook's secret token in X-Gitlab-Token.
type GitLabWebhook struct {
	follow *PRFollower
	token  []byte
}

// NewGitLabWebhook returns the handler; with an empty token it answers 503.
func NewGitLabWebhook(f *PRFollower, token string) *GitLabWebhook {
	return &GitLabWebhook{follow: f, token: []byte(token)}
}

// glHook is the part of GitLab's merge request hook kaigi reads.
type glHook struct {
	ObjectKind string `json:"object_kind"`
	Project    struct {
		PathWithNamespace string `json:"path_with_namespace"`
	} `json:"project"`
	Attrs struct {
		IID          int    `json:"iid"`
		URL          string `json:"url"`
		State        string `json:"state"`
		Action       string `json:"action"`
		UpdatedAt    string `json:"updated_at"`
		SourceBranch string `json:"source_branch"`
		TargetBranch string `json:"target_branch"`
	} `json:"object_attributes"`
}

func (h *GitLabWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.follow.Log
	if len(h.token) == 0 {
		http.Error(w, "GitLab webhook is not configured: set KAIGI_GITLAB_WEBHOOK_TOKEN to the webhook's secret token", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Gitlab-Token")), h.token) != 1 {
		log.Warn("GitLab webhook with a wrong token", "delivery", r.Header.Get("X-Gitlab-Event-UUID"))
		http.Error(w, "X-Gitlab-Token does not match; check the webhook's secret token", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	var hook glHook
	if err := json.Unmarshal(body, &hook); err != nil {
		http.Error(w, "body is not a GitLab webhook event", http.StatusBadRequest)
		return
	}
	if hook.ObjectKind != "merge_request" {
		log.Info("GitLab webhook event ignored", "kind", hook.ObjectKind)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a := hook.Attrs
	at, ok := parseGitLabTime(a.UpdatedAt)
	if !ok || a.SourceBranch == "" {
		http.Error(w, "merge request hook without object_attributes.updated_at or source_branch", http.StatusBadRequest)
		return
	}
	ev := PREvent{Source: "gitlab", Delivery: r.Header.Get("X-Gitlab-Event-UUID"), Repo: hook.Project.PathWithNamespace,
		Number: a.IID, Branch: a.SourceBranch, Base: a.TargetBranch, URL: a.URL, UpdatedAt: at}
	switch a.State {
	case "merged":
		ev.State = data.PRMerged
	case "closed":
		ev.State = data.PRClosed
	case "opened", "reopened", "locked":
		ev.State = data.PROpen
	default:
		http.Error(w, "unknown merge request state "+a.State, http.StatusBadRequest)
		return
	}
	switch a.Action {
	case "approved", "approval":
		ev.Approved = true
	case "unapproved", "unapproval":
		w.WriteHeader(http.StatusNoContent)
		return
	}
	serveEvent(w, r, h.follow, ev)
}

// parseGitLabTime reads the two forms GitLab's hooks write times in:
// "2013-12-03T17:23:34Z" and "2013-12-03 17:23:34 UTC".
func parseGitLabTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
