// Package forge opens LADR pull requests on the team's forge — GitHub's
// REST API (through go-github) and GitLab's merge requests API (a small
// typed client) — and turns every refusal into one line a person can act
// on. It knows nothing of LADRs or git; tokens never appear in its errors.
package forge

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is a pull request to open: Head is the pushed branch, Base the
// branch it merges into.
type Request struct {
	Title, Body, Head, Base string
}

// Opened is the pull request the forge made.
type Opened struct {
	URL    string
	Number int
}

// Forge opens pull requests in one repository.
type Forge interface {
	// Name is how kaigi calls the forge in messages ("GitHub", "GitLab").
	Name() string
	// DefaultBranch reads the repository's default branch; it is also the
	// check that the token and the repository are right, made before
	// anything is pushed.
	DefaultBranch(ctx context.Context) (string, error)
	Open(ctx context.Context, r Request) (Opened, error)
}

// Config chooses and addresses a forge.
type Config struct {
	Kind   string // "github" or "gitlab"
	APIURL string // GitHub's API root or GitLab's address; empty is the public service
	Token  string
	Repo   string // owner/name on GitHub, group/…/project on GitLab
	HTTP   *http.Client
}

// Environment variables that configure the forge.
const (
	EnvKind        = "KAIGI_FORGE"
	EnvRepo        = "KAIGI_FORGE_REPO"
	EnvGitHubToken = "KAIGI_GITHUB_TOKEN"
	EnvGitHubAPI   = "KAIGI_GITHUB_API_URL"
	EnvGitLabToken = "KAIGI_GITLAB_TOKEN"
	EnvGitLabURL   = "KAIGI_GITLAB_URL"
)

// ConfigFromEnv reads the forge's settings from the environment; the kind
// and repository are taken from the remote's URL when the environment does
// not give them. ok is false when no token is set (the gh CLI may still
// open the pull request).
func ConfigFromEnv(env map[string]string, remoteURL string) (cfg Config, ok bool, err error) {
	host, path := parseRemote(remoteURL)
	cfg.Kind = strings.ToLower(strings.TrimSpace(env[EnvKind]))
	if cfg.Kind == "" {
		switch {
		case env[EnvGitLabURL] != "" || strings.Contains(host, "gitlab"):
			cfg.Kind = "gitlab"
		case env[EnvGitHubToken] == "" && env["GITHUB_TOKEN"] == "" && env[EnvGitLabToken] != "":
			cfg.Kind = "gitlab"
		default:
			cfg.Kind = "github"
		}
	}
	cfg.Repo = strings.Trim(env[EnvRepo], "/")
	if cfg.Repo == "" {
		cfg.Repo = path
	}
	switch cfg.Kind {
	case "github":
		cfg.Token, cfg.APIURL = env[EnvGitHubToken], env[EnvGitHubAPI]
		if cfg.Token == "" {
			cfg.Token = env["GITHUB_TOKEN"]
		}
	case "gitlab":
		cfg.Token, cfg.APIURL = env[EnvGitLabToken], env[EnvGitLabURL]
		if cfg.APIURL == "" && host != "" && host != "gitlab.com" {
			cfg.APIURL = "https://" + host // a self-hosted GitLab serves its API on the host it serves git on
		}
	default:
		return cfg, false, fmt.Errorf("%s=%s is not a forge kaigi knows; use github or gitlab", EnvKind, cfg.Kind)
	}
	if cfg.Token == "" {
		return cfg, false, nil
	}
	if cfg.Repo == "" || !strings.Contains(cfg.Repo, "/") {
		return cfg, false, fmt.Errorf("cannot tell the repository from the remote %q; set %s to owner/name", redactURL(remoteURL), EnvRepo)
	}
	return cfg, true, nil
}

// New makes the forge a Config describes.
func New(cfg Config) (Forge, error) {
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	switch cfg.Kind {
	case "github":
		return newGitHub(cfg)
	case "gitlab":
		return newGitLab(cfg)
	}
	return nil, fmt.Errorf("unknown forge %q; use github or gitlab", cfg.Kind)
}

// parseRemote reads the host and repository path of a git remote URL:
// https://host/owner/name.git, ssh://git@host/owner/name, git@host:owner/name.git.
func parseRemote(remote string) (host, path string) {
	remote = strings.TrimSpace(remote)
	if remote == "" {
		return "", ""
	}
	if u, err := url.Parse(remote); err == nil && u.Host != "" {
		host, path = u.Hostname(), u.Path
	} else if at, rest, ok := strings.Cut(remote, ":"); ok && !strings.Contains(at, "/") {
		_, host, _ = strings.Cut(at, "@")
		if host == "" {
			host = at
		}
		path = rest
	} else {
		return "", ""
	}
	return strings.ToLower(host), strings.TrimSuffix(strings.Trim(path, "/"), ".git")
}

// redactURL drops any user or password from a URL before it is shown.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = nil
	return u.String()
}
