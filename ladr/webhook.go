package ladr

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/webhooksig"
)

// maxWebhookBody bounds what the endpoint reads; pull_request payloads
// are a few tens of kilobytes.
const maxWebhookBody = 1 << 20

// GitHubWebhook moves an LADR's status with its pull request: opened or
// reopened → proposed (and the PR URL recorded), merged → accepted,
// closed without merge → draft. Only branches named ladr/NNNN-slug count.
type GitHubWebhook struct {
	store  *data.Store
	secret []byte
	log    *slog.Logger
}

// NewGitHubWebhook returns the handler for POST /webhooks/github. With an
// empty secret it answers 503, because unsigned events must not change
// records.
func NewGitHubWebhook(st *data.Store, secret string, logger *slog.Logger) *GitHubWebhook {
	return &GitHubWebhook{store: st, secret: []byte(secret), log: logger}
}

// pullRequestEvent is the part of GitHub's pull_request payload we use.
type pullRequestEvent struct {
	Action      string `json:"action"`
	PullRequest struct {
		HTMLURL string `json:"html_url"`
		Merged  bool   `json:"merged"`
		Head    struct {
			Ref string `json:"ref"`
		} `json:"head"`
	} `json:"pull_request"`
}

func (h *GitHubWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
		h.log.Warn("GitHub webhook with a bad signature", "delivery", r.Header.Get("X-GitHub-Delivery"))
		http.Error(w, "signature does not match; check the webhook secret", http.StatusUnauthorized)
		return
	}
	switch event := r.Header.Get("X-GitHub-Event"); event {
	case "ping":
		w.WriteHeader(http.StatusNoContent)
		return
	case "pull_request":
	default:
		h.log.Info("GitHub webhook event ignored", "event", event)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var ev pullRequestEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "body is not a pull_request event", http.StatusBadRequest)
		return
	}
	if err := h.apply(r.Context(), ev); err != nil {
		h.log.Error("GitHub webhook: update LADR", "branch", ev.PullRequest.Head.Ref, "err", err)
		http.Error(w, "could not update the LADR", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apply moves the LADR of the event's branch to its new state.
func (h *GitHubWebhook) apply(ctx context.Context, ev pullRequestEvent) error {
	branch := ev.PullRequest.Head.Ref
	number, ok := NumberFromBranch(branch)
	if !ok {
		h.log.Info("GitHub webhook: not an LADR branch, ignored", "branch", branch, "action", ev.Action)
		return nil
	}
	var state data.LADRState
	switch {
	case ev.Action == "opened" || ev.Action == "reopened":
		state = data.LADRProposed
	case ev.Action == "closed" && ev.PullRequest.Merged:
		state = data.LADRAccepted
	case ev.Action == "closed":
		state = data.LADRDraft
	default:
		return nil
	}
	// A person may save the record at the same moment; reload and retry
	// rather than overwrite their edit.
	for attempt := 0; ; attempt++ {
		done, err := h.move(ctx, number, branch, ev, state)
		if data.ErrorCode(err) == data.ECONFLICT && attempt < 2 {
			continue
		}
		if err == nil && done {
			h.log.Info("GitHub webhook: LADR status follows its pull request", "number", number, "state", state)
		}
		return err
	}
}

// move sets one LADR's state and PR URL; done is false when nothing
// needed to change.
func (h *GitHubWebhook) move(ctx context.Context, number int, branch string, ev pullRequestEvent, state data.LADRState) (done bool, err error) {
	l, err := h.store.LADRByNumber(ctx, number)
	if data.ErrorCode(err) == data.ENOTFOUND || (err == nil && (l.Deleted() || PRBranch(l) != branch)) {
		h.log.Info("GitHub webhook: no LADR for branch, ignored", "branch", branch, "action", ev.Action)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if l.State == data.LADRSuperseded || l.State == data.LADRDeprecated {
		h.log.Info("GitHub webhook: LADR is retired, status kept", "number", l.Number, "state", l.State, "action", ev.Action)
		return false, nil
	}
	url := l.PRURL
	if state == data.LADRProposed && strings.HasPrefix(ev.PullRequest.HTMLURL, "https://") {
		url = ev.PullRequest.HTMLURL
	}
	if l.State == state && l.PRURL == url {
		return false, nil
	}
	l.State, l.PRURL = state, url
	return true, h.store.UpdateLADR(ctx, &l)
}
