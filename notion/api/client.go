// Package api talks to Notion's REST API (version 2022-06-28, and
// 2025-09-03 per request for data sources, see datasources.go): the client,
// the one HTTP transport every call goes through (one rate limiter,
// Retry-After, retries with backoff, "outcome unknown" for writes that may
// have been applied), Notion's errors explained for people, the token that
// never prints, and property values in the shapes Notion takes. It knows
// nothing of kaigi's records: it never imports data.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/jomei/notionapi"
)

const (
	apiBase    = "https://api.notion.com"
	apiVersion = Version
)

// Version is the Notion-Version kaigi speaks unless a request needs data
// sources (SourcesVersion).
const Version = "2022-06-28"

// Client talks to Notion through one Transport. Typed calls that jomei
// models well go through jomei; page properties, trash flags, date-only dates
// and explicit nulls go as kaigi's own JSON, because jomei marshals them
// wrongly, through the very same transport and limiter.
type Client struct {
	token     Token
	http      *http.Client
	api       *notionapi.Client
	transport *Transport
}

// NewClient builds a client; jomei's own retry is off (it drops bodies on
// a 429), retries happen in the transport.
func NewClient(token Token, transport *Transport) *Client {
	hc := &http.Client{Transport: transport}
	return &Client{
		token:     token,
		http:      hc,
		transport: transport,
		api:       notionapi.NewClient(notionapi.Token(token.secret), notionapi.WithHTTPClient(hc), notionapi.WithRetry(1)),
	}
}

// Stats returns the transport's request counters.
func (c *Client) Stats() Stats { return c.transport.Stats() }

// call sends one JSON request at kaigi's API version and decodes a JSON
// answer into out (if not nil).
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return c.callAt(ctx, apiVersion, method, path, query, body, out)
}

// callAt is call at a given Notion-Version: Notion answers each request in
// the shapes of its own header, so one client speaks both.
func (c *Client) callAt(ctx context.Context, version, method, path string, query url.Values, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	u := apiBase + "/v1/" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return fmt.Errorf("build %s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token.secret)
	req.Header.Set("Notion-Version", version)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return scrubURLError(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("read %s %s: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		e := &APIError{Status: resp.StatusCode}
		var env struct{ Code, Message string }
		if json.Unmarshal(raw, &env) == nil {
			e.Code, e.Message = env.Code, c.token.Redact(env.Message)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decode %s %s: %w", method, path, err)
	}
	return nil
}

// scrubURLError keeps the cause of a failed request but not the *url.Error
// wrapper's URL: query strings may grow secrets, and it always names
// api.notion.com, even when the transport sent the request to a configured
// address. The transport's own error names the method, the path and, for a
// failed connection, the address it dialled.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// fromJomei converts jomei's error type into APIError, its text scrubbed of the token.
func (c *Client) fromJomei(err error) error {
	var je *notionapi.Error
	if errors.As(err, &je) {
		return &APIError{Status: je.Status, Code: string(je.Code), Message: c.token.Redact(je.Message)}
	}
	var rl *notionapi.RateLimitedError
	if errors.As(err, &rl) {
		return &APIError{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: c.token.Redact(rl.Message)}
	}
	return c.RedactError(scrubURLError(err))
}
