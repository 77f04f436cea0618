package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v84/github"
)

// gitHub opens pull requests through GitHub's REST API (github.com or a
// GitHub Enterprise Server's https://HOST/api/v3).
type gitHub struct {
	c           *github.Client
	owner, name string
}

func newGitHub(cfg Config) (*gitHub, error) {
	owner, name, ok := strings.Cut(cfg.Repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return nil, fmt.Errorf("GitHub repository %q is not owner/name; set %s", cfg.Repo, EnvRepo)
	}
	c := github.NewClient(cfg.HTTP).WithAuthToken(cfg.Token)
	if cfg.APIURL != "" {
		base, err := url.Parse(strings.TrimRight(cfg.APIURL, "/") + "/")
		if err != nil || base.Host == "" {
			return nil, fmt.Errorf("%s=%q is not a URL", EnvGitHubAPI, cfg.APIURL)
		}
		c.BaseURL = base
	}
	return &gitHub{c: c, owner: owner, name: name}, nil
}

func (g *gitHub) Name() string { return "GitHub" }

func (g *gitHub) DefaultBranch(ctx context.Context) (string, error) {
	repo, _, err := g.c.Repositories.Get(ctx, g.owner, g.name)
	if err != nil {
		return "", g.explain("read repository "+g.owner+"/"+g.name, err)
	}
	return repo.GetDefaultBranch(), nil
}

func (g *gitHub) Open(ctx context.Context, r Request) (Opened, error) {
	pr, _, err := g.c.PullRequests.Create(ctx, g.owner, g.name, &github.NewPullRequest{
		Title: github.Ptr(r.Title), Body: github.Ptr(r.Body), Head: github.Ptr(r.Head), Base: github.Ptr(r.Base),
	})
	if err != nil {
		return Opened{}, g.explain("open the pull request", err)
	}
	return Opened{URL: pr.GetHTMLURL(), Number: pr.GetNumber()}, nil
}

// explain turns GitHub's answer into one line that says what to do.
func (g *gitHub) explain(what string, err error) error {
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		var rl *github.RateLimitError
		if errors.As(err, &rl) {
			return fmt.Errorf("GitHub: %s: rate limit reached; try again after %s", what, rl.Rate.Reset.Format("15:04 MST"))
		}
		return fmt.Errorf("GitHub: %s: %w", what, err)
	}
	msg := er.Message
	for _, e := range er.Errors {
		if e.Message != "" {
			msg += ": " + e.Message
		} else if e.Field != "" {
			msg += fmt.Sprintf(": %s %s", e.Field, e.Code)
		}
	}
	switch er.Response.StatusCode {
	case http.StatusUnauthorized:
		return &Error{Status: 401, Message: fmt.Sprintf("GitHub refused the token (%s); set %s to a token with Contents and Pull requests read and write on %s/%s", msg, EnvGitHubToken, g.owner, g.name)}
	case http.StatusForbidden:
		return &Error{Status: 403, Message: fmt.Sprintf("GitHub: %s: %s; the token needs Contents and Pull requests read and write on %s/%s", what, msg, g.owner, g.name)}
	case http.StatusNotFound:
		return &Error{Status: 404, Message: fmt.Sprintf("GitHub: %s: repository %s/%s not found, or the token cannot see it (%s)", what, g.owner, g.name, msg)}
	}
	return &Error{Status: er.Response.StatusCode, Message: fmt.Sprintf("GitHub: %s: %s", what, msg)}
}
