package notionfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/kaigi-dev/kaigi/internal/webhooksig"
)

// WebhookEvent is an integration webhook event as Notion delivers it: IDs only, never content.
type WebhookEvent struct {
	ID             string         `json:"id"`
	Timestamp      string         `json:"timestamp"`
	WorkspaceID    string         `json:"workspace_id"`
	WorkspaceName  string         `json:"workspace_name"`
	SubscriptionID string         `json:"subscription_id"`
	IntegrationID  string         `json:"integration_id"`
	Type           string         `json:"type"`
	Authors        []WebhookRef   `json:"authors"`
	AttemptNumber  int            `json:"attempt_number"`
	Entity         WebhookRef     `json:"entity"`
	Data           map[string]any `json:"data"`
	APIVersion     string         `json:"api_version,omitempty"`
}

// WebhookRef is an {id, type} pair as used in events.
type WebhookRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type webhookSubscription struct {
	ID                string
	URL               string
	VerificationToken string
	IntegrationID     string
	// APIVersion is the version the subscription was made on: at 2025-09-03
	// a page's parent names its data source, and changes in a data source
	// also send data_source.content_updated (developers.notion.com, "Event
	// types & delivery" and the 2025-09-03 upgrade guide).
	APIVersion string `json:",omitempty"`
}

// emit queues an event when a webhook subscription exists and its integration can see the
// page at the time of the change (Notion sends nothing about unshared pages).
func (w *workspace) emit(typ string, p *page, actor string, updatedProps []string, now time.Time) {
	if w.Webhook == nil || !w.canSee(w.Webhook.IntegrationID, p.ID) {
		return
	}
	authorType := "person"
	if u := w.userByID(actor); u != nil {
		authorType = u.Type
	}
	sources := w.Webhook.APIVersion == sourcesVersion
	parent := map[string]any{"id": p.Parent.ID, "type": "page"}
	switch p.Parent.Type {
	case "database_id":
		parent["type"] = "database"
		if src := w.sourceOf(p); sources && src != nil {
			parent["data_source_id"] = src.ID
		}
	case "workspace", "":
		parent = map[string]any{"id": w.ID, "type": "space"}
	}
	data := map[string]any{"parent": parent}
	if typ == "page.properties_updated" {
		data["updated_properties"] = updatedProps
	}
	event := func(typ string, entity WebhookRef, data map[string]any) {
		w.Pending = append(w.Pending, WebhookEvent{
			ID: w.IDs.newID(), Timestamp: formatTime(now), WorkspaceID: w.ID, WorkspaceName: w.Name,
			SubscriptionID: w.Webhook.ID, IntegrationID: w.Webhook.IntegrationID, Type: typ,
			Authors: []WebhookRef{{ID: actor, Type: authorType}}, AttemptNumber: 1,
			Entity: entity, Data: data, APIVersion: w.Webhook.APIVersion,
		})
	}
	event(typ, WebhookRef{ID: p.ID, Type: "page"}, data)
	if src := w.sourceOf(p); sources && src != nil {
		event("data_source.content_updated", WebhookRef{ID: src.ID, Type: "data_source"}, map[string]any{
			"parent":         map[string]any{"id": p.Parent.ID, "type": "database"},
			"updated_blocks": []any{map[string]any{"id": p.ID, "type": "page"}},
		})
	}
}

// Sign returns the X-Notion-Signature value for a raw body.
func Sign(body []byte, verificationToken string) string {
	return webhooksig.Sign(body, []byte(verificationToken))
}

// SubscribeWebhook creates the integration's webhook subscription for url and sends the
// one-time verification request ({"verification_token": ...}, unsigned) to it. From then on
// page changes queue events; DeliverWebhooks sends them.
func (f *Fake) SubscribeWebhook(ctx context.Context, url string) (verificationToken string, err error) {
	return f.SubscribeWebhookAt(ctx, url, apiVersion)
}

// SubscribeWebhookAt is SubscribeWebhook for a subscription made on an API
// version: "2022-06-28" or "2025-09-03".
func (f *Fake) SubscribeWebhookAt(ctx context.Context, url, version string) (verificationToken string, err error) {
	if version != apiVersion && version != sourcesVersion {
		return "", fmt.Errorf("notionfake: no webhook version %q", version)
	}
	f.mu.Lock()
	sub := &webhookSubscription{ID: f.ws.IDs.newID(), URL: url, VerificationToken: "secret_" + undashed(f.ws.IDs.newID()), APIVersion: version}
	for _, u := range f.ws.Users {
		if u.Type == "bot" {
			sub.IntegrationID = u.ID
			break
		}
	}
	f.ws.Webhook = sub
	f.mu.Unlock()
	body, _ := json.Marshal(map[string]string{"verification_token": sub.VerificationToken})
	return sub.VerificationToken, f.post(ctx, url, body, "")
}

// PendingWebhooks returns the events queued and not yet delivered.
func (f *Fake) PendingWebhooks() []WebhookEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]WebhookEvent(nil), f.ws.Pending...)
}

// DiscardWebhooks drops the queued events undelivered, as Notion may (it
// delivers at most once), and says how many.
func (f *Fake) DiscardWebhooks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.ws.Pending)
	f.ws.Pending = nil
	return n
}

// DeliverWebhooks posts queued events in order, signed with the verification token. It
// stops at the first failure, leaving that event and the rest queued.
func (f *Fake) DeliverWebhooks(ctx context.Context) error {
	for {
		f.mu.Lock()
		if len(f.ws.Pending) == 0 || f.ws.Webhook == nil {
			f.mu.Unlock()
			return nil
		}
		event, sub := f.ws.Pending[0], *f.ws.Webhook
		f.mu.Unlock()
		body, err := json.Marshal(event)
		if err != nil {
			return err
		}
		if err := f.post(ctx, sub.URL, body, Sign(body, sub.VerificationToken)); err != nil {
			return err
		}
		f.mu.Lock()
		if len(f.ws.Pending) > 0 && f.ws.Pending[0].ID == event.ID {
			f.ws.Pending = f.ws.Pending[1:]
		}
		f.mu.Unlock()
	}
}

func (f *Fake) post(ctx context.Context, url string, body []byte, signature string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-Notion-Signature", signature)
	}
	resp, err := f.webhookClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("notionfake: webhook endpoint answered %s", resp.Status)
	}
	return nil
}
