package notion

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/webhooksig"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

const (
	// keepEvents is how long handled event IDs are remembered; Notion
	// retries a delivery for about a day.
	keepEvents     = 7 * 24 * time.Hour
	maxWebhookBody = 1 << 20
)

// WebhookOptions configure a Webhook handler.
type WebhookOptions struct {
	Store  *data.Store
	Clock  api.Clock    // api.RealClock when nil
	Logger *slog.Logger // discards when nil
	// PullSoon is called after an event named pages to pull (Service.PullSoon).
	PullSoon func()
}

// Webhook is the handler of POST /webhooks/notion: it keeps the one-time
// verification token, checks every event's X-Notion-Signature against it,
// drops events it has seen, and queues the named pages for a pull.
type Webhook struct {
	opts  WebhookOptions
	state *syncdb.DB
	clock api.Clock
	log   *slog.Logger
}

func NewWebhook(opts WebhookOptions) *Webhook {
	w := &Webhook{opts: opts, state: syncdb.New(opts.Store), clock: opts.Clock, log: opts.Logger}
	if w.clock == nil {
		w.clock = api.RealClock{}
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	return w
}

// webhookEvent is the part of an event kaigi reads: events carry IDs, never
// content. Its shapes are both versions' (developers.notion.com, "Event
// types & delivery", and the 2025-09-03 upgrade guide): page.* name a page
// (at 2025-09-03 data.parent also names its data source); database.* at
// 2022-06-28 and data_source.* at 2025-09-03 name a database or a data
// source, content_updated ones with the changed pages in
// data.updated_blocks.
type webhookEvent struct {
	ID                string     `json:"id"`
	Type              string     `json:"type"`
	VerificationToken string     `json:"verification_token"`
	Entity            webhookRef `json:"entity"`
	Data              struct {
		UpdatedBlocks []webhookRef `json:"updated_blocks"`
	} `json:"data"`
}

type webhookRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxWebhookBody+1))
	if err != nil || len(body) > maxWebhookBody {
		http.Error(w, "the body could not be read or is larger than 1 MiB", http.StatusBadRequest)
		return
	}
	var ev webhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "the body is not a Notion webhook event (invalid JSON)", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	token, err := h.state.WebhookToken(ctx)
	if err != nil {
		h.fail(w, err)
		return
	}
	if ev.VerificationToken != "" && ev.ID == "" {
		h.verification(ctx, w, token, ev.VerificationToken)
		return
	}
	if !webhooksig.Valid(r.Header.Get("X-Notion-Signature"), body, []byte(token)) {
		h.log.Warn("notion webhook: refused an event with a missing or wrong signature")
		http.Error(w, "invalid or missing X-Notion-Signature", http.StatusUnauthorized)
		return
	}
	if ev.ID == "" {
		http.Error(w, "the event has no id", http.StatusBadRequest)
		return
	}
	// Notion's IDs are UUIDs; anything else could never be read and would
	// only sit in the queue.
	if !api.IsID(ev.ID) || ev.Entity.ID != "" && !api.IsID(ev.Entity.ID) ||
		slices.ContainsFunc(ev.Data.UpdatedBlocks, func(r webhookRef) bool { return !api.IsID(r.ID) }) {
		h.log.Warn("notion webhook: refused an event whose id is not a Notion ID", "event", api.CompactID(ev.ID))
		http.Error(w, "the event's id and entity id must be Notion IDs (UUIDs)", http.StatusBadRequest)
		return
	}
	fresh, err := h.record(ctx, ev)
	if err != nil {
		h.fail(w, err)
		return
	}
	if fresh && h.opts.PullSoon != nil {
		h.opts.PullSoon()
	}
	w.WriteHeader(http.StatusOK)
}

// verification keeps the token of Notion's one-time verification request.
// Only the first one is kept: a later one could come from anyone, and
// taking it would let them sign events.
func (h *Webhook) verification(ctx context.Context, w http.ResponseWriter, have, got string) {
	if have != "" {
		if subtle.ConstantTimeCompare([]byte(have), []byte(got)) == 1 {
			w.WriteHeader(http.StatusOK)
			return
		}
		h.log.Warn("notion webhook: refused a second verification request; run 'kaigi notion webhook-reset' to accept a new subscription")
		http.Error(w, "a verification token is already set; reset it with 'kaigi notion webhook-reset' first", http.StatusConflict)
		return
	}
	if err := h.state.KeepWebhookToken(ctx, got); err != nil {
		h.fail(w, err)
		return
	}
	// Shown here once, and on the sync page once: Notion asks a person to paste it back.
	h.log.Info("notion webhook: verification token arrived; paste it into the integration's Webhooks tab to verify the subscription", "verification_token", got)
	w.WriteHeader(http.StatusOK)
}

// record stores an event's ID and queues the pages it names; fresh is false
// for an event seen before. Every event is a hint only: a fresh one asks for
// a cycle soon, whose queries confirm what changed (a lost or late event
// costs time, never data). Schema events are seen by the schema check;
// comments are not synced.
func (h *Webhook) record(ctx context.Context, ev webhookEvent) (fresh bool, err error) {
	var pages []string
	if ev.Entity.Type == "page" {
		pages = append(pages, ev.Entity.ID)
	}
	if strings.HasSuffix(ev.Type, ".content_updated") && (ev.Entity.Type == "database" || ev.Entity.Type == "data_source") {
		for _, b := range ev.Data.UpdatedBlocks {
			if b.Type == "page" {
				pages = append(pages, b.ID)
			}
		}
	}
	return h.state.RecordWebhookEvent(ctx, ev.ID, pages, h.clock.Now(), keepEvents)
}

func (h *Webhook) fail(w http.ResponseWriter, err error) {
	h.log.Error("notion webhook", "err", err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// ResetWebhook forgets the verification token, so that the next
// verification request (a new subscription) is accepted.
func ResetWebhook(ctx context.Context, st *data.Store) error {
	return syncdb.New(st).ResetWebhook(ctx)
}
