package ladr

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/webhooksig"
)

// maxWebhookBody bounds what the endpoints read; pull request payloads
// are a few tens of kilobytes.
const maxWebhookBody = 1 << 20

// GitHubWebhook is POST /webhooks/github: pull_request and
// pull_request_review events move an LADR with its pull request (see
// PRFollower). Only branches named ladr/NNNN-slug count.
type GitHubWebhook struct {
	follow *PRFollower
	secret []byte
}

// NewGitHubWebhook returns the handler. With an empty secret it answers
// 503, because unsigned events must not change records.
func NewGitHubWebhook(f *PRFollower, secret string) *GitHubWebhook {
	return &GitHubWebhook{follow: f, secret: []byte(secret)}
}

// ghPull is the part of GitHub's pull request object kaigi reads.
type ghPull struct {
	Number    int       `json:"number"`
	HTMLURL   string    `json:"html_url"`
	State     string    `json:"state"`
	Merged    bool      `json:"merged"`
	MergedAt  *string   `json:"merged_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Head      struct {
		Ref string `json:"ref"`
	} `json:"head"`
	Base struct {
		Ref string `json:"ref"`
	} `json:"base"`
}

// ghEvent is a pull_request or pull_request_review event.
type ghEvent struct {
	Action      string `json:"action"`
	PullRequest ghPull `json:"pull_request"`
	Review      struct {
		State string `json:"state"`
	} `json:"review"`
	Repository struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

func (h *GitHubWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.follow.Log
	if len(h.secret) == 0 {
		http.Error(w, "GitHub webhook is not configured: set KAIGI_GITHUB_WEBHOOK_SECRET to the webhook's secret", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	if !webhooksig.Valid(r.Header.Get("X-Hub-Signature-256"), body, h.secret) {
		log.Warn("GitHub webhook with a bad signature", "delivery", r.Header.Get("X-GitHub-Delivery"))
		http.Error(w, "signature does not match; check the webhook secret", http.StatusUnauthorized)
		return
	}
	event := r.Header.Get("X-GitHub-Event")
	if event != "pull_request" && event != "pull_request_review" {
		log.Info("GitHub webhook event ignored", "event", event)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var ev ghEvent
	if err := json.Unmarshal(body, &ev); err != nil || ev.PullRequest.Head.Ref == "" {
		http.Error(w, "body is not a "+event+" event", http.StatusBadRequest)
		return
	}
	pe := PREvent{Source: "github", Delivery: r.Header.Get("X-GitHub-Delivery"), Repo: ev.Repository.FullName,
		Number: ev.PullRequest.Number, Branch: ev.PullRequest.Head.Ref, Base: ev.PullRequest.Base.Ref,
		URL: ev.PullRequest.HTMLURL, UpdatedAt: ev.PullRequest.UpdatedAt}
	switch {
	case ev.PullRequest.Merged || ev.PullRequest.MergedAt != nil:
		pe.State = data.PRMerged
	case ev.PullRequest.State == "closed":
		pe.State = data.PRClosed
	default:
		pe.State = data.PROpen
	}
	if event == "pull_request_review" {
		if ev.Action != "submitted" || ev.Review.State != "approved" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		pe.Approved = true
	}
	serveEvent(w, r, h.follow, pe)
}

// serveEvent applies an event; a failure answers 500 so that the forge
// delivers it again (nothing of it was remembered).
func serveEvent(w http.ResponseWriter, r *http.Request, f *PRFollower, ev PREvent) {
	if err := f.Handle(r.Context(), ev); err != nil {
		f.Log.Error("webhook: could not follow the pull request", "source", ev.Source, "branch", ev.Branch, "err", err)
		http.Error(w, "could not update the LADR; the forge may deliver the event again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
