package api

import (
	"context"

	"github.com/jomei/notionapi"
)

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
			return nil, Explain(c.fromJomei(err), "workspace", "users")
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

// Me checks the token and returns the integration's bot user.
func (c *Client) Me(ctx context.Context) (Person, error) {
	u, err := c.api.User.Me(ctx)
	if err != nil {
		return Person{}, Explain(c.fromJomei(err), "token", "")
	}
	return Person{ID: string(u.ID), Name: u.Name}, nil
}
