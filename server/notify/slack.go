package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Slack posts to a Slack-compatible incoming webhook
// (KAIGI_SLACK_WEBHOOK_URL): Slack, Mattermost, Rocket.Chat and others take
// {"text": "..."}. The URL is a secret: it never appears in an error.
type Slack struct {
	URL    string
	Client *http.Client // default: a client with a 30 s timeout
}

// SlackEscape escapes what Slack reads as markup in a message's text:
// & < > (links, mentions such as <!channel>), so text people wrote never
// pings anyone. Slack has no escape for * _ ~; a pair of them may show as
// emphasis, which changes no structure.
func SlackEscape(s string) string { return slackEscaper.Replace(s) }

var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Check reports a webhook address that can never work.
func (s *Slack) Check() error {
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("KAIGI_SLACK_WEBHOOK_URL must be an http(s) address")
	}
	return nil
}

// Post sends text. A refusal (an HTTP error) or a failure to connect means
// nothing was posted; a connection lost after the request went out is an
// unknown outcome.
func (s *Slack) Post(ctx context.Context, text string) error {
	body, err := json.Marshal(map[string]string{"text": text})
	if err != nil {
		return refused("encode the post: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return refused("the webhook address is not usable")
	}
	req.Header.Set("Content-Type", "application/json")
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		// url.Error names the URL, which is the secret: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return refused("connect to the webhook: %v", op.Err)
		}
		return unknown("post to the webhook: %v", err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 500:
		return unknown("the webhook answered %s: %s", resp.Status, bytes.TrimSpace(reply))
	}
	return refused("the webhook answered %s: %s", resp.Status, bytes.TrimSpace(reply))
}

// String never shows the URL.
func (s *Slack) String() string { return fmt.Sprintf("Slack webhook (%d characters)", len(s.URL)) }
