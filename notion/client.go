package notion

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
	apiVersion = "2022-06-28"
)

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

// call sends one JSON request and decodes a JSON answer into out (if not nil).
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
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
	req.Header.Set("Notion-Version", apiVersion)
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
			e.Code, e.Message = env.Code, env.Message
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

// fromJomei converts jomei's error type into APIError.
func fromJomei(err error) error {
	var je *notionapi.Error
	if errors.As(err, &je) {
		return &APIError{Status: je.Status, Code: string(je.Code), Message: je.Message}
	}
	var rl *notionapi.RateLimitedError
	if errors.As(err, &rl) {
		return &APIError{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: rl.Message}
	}
	return scrubURLError(err)
}

// Person is a Notion user with an email: the key to kaigi people.
type Person struct {
	ID    string
	Name  string
	Email string
}

// People lists the workspace's people (bots left out).
func (c *Client) People(ctx context.Context) ([]Person, error) {
	var out []Person
	var cursor notionapi.Cursor
	for {
		res, err := c.api.User.List(ctx, &notionapi.Pagination{StartCursor: cursor, PageSize: 100})
		if err != nil {
			return nil, explain(fromJomei(err), "workspace", "users")
		}
		for _, u := range res.Results {
			if u.Type == notionapi.UserTypePerson && u.Person != nil {
				out = append(out, Person{ID: string(u.ID), Name: u.Name, Email: u.Person.Email})
			}
		}
		if !res.HasMore || res.NextCursor == "" {
			return out, nil
		}
		cursor = notionapi.Cursor(res.NextCursor)
	}
}

// Me checks the token and returns the integration's bot name.
func (c *Client) Me(ctx context.Context) (string, error) {
	u, err := c.api.User.Me(ctx)
	if err != nil {
		return "", explain(fromJomei(err), "token", "")
	}
	return u.Name, nil
}

// Database reads a database's title and schema.
func (c *Client) Database(ctx context.Context, id string) (Database, error) {
	var raw struct {
		ID         string `json:"id"`
		Title      []richText
		Properties map[string]struct {
			ID       string          `json:"id"`
			Type     string          `json:"type"`
			Relation *relationConfig `json:"relation"`
			Select   *optionsConfig  `json:"select"`
			Status   *optionsConfig  `json:"status"`
		} `json:"properties"`
	}
	if err := c.call(ctx, http.MethodGet, "databases/"+url.PathEscape(id), nil, nil, &raw); err != nil {
		return Database{}, explain(err, "database", id)
	}
	db := Database{ID: raw.ID, Title: plain(raw.Title), Properties: map[string]Property{}}
	for name, p := range raw.Properties {
		prop := Property{ID: p.ID, Name: name, Type: p.Type}
		if p.Relation != nil {
			prop.RelationTo = p.Relation.DatabaseID
			if p.Relation.Dual != nil {
				prop.SyncedName = p.Relation.Dual.SyncedPropertyName
			}
		}
		for _, cfg := range []*optionsConfig{p.Select, p.Status} {
			if cfg != nil {
				for _, o := range cfg.Options {
					prop.Options = append(prop.Options, o.Name)
				}
			}
		}
		db.Properties[name] = prop
	}
	return db, nil
}

// Database is what kaigi needs to know of a Notion database's schema.
type Database struct {
	ID         string
	Title      string
	Properties map[string]Property // by name
}

// Property is one column of a database.
type Property struct {
	ID         string
	Name       string
	Type       string
	RelationTo string   // target database of a relation
	SyncedName string   // the other side's property of a two-way relation
	Options    []string // select and status option names
}

type relationConfig struct {
	DatabaseID string `json:"database_id"`
	Dual       *struct {
		SyncedPropertyName string `json:"synced_property_name"`
	} `json:"dual_property"`
}

type optionsConfig struct {
	Options []struct {
		Name string `json:"name"`
	} `json:"options"`
}
