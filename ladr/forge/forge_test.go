package forge_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/ladr/forge"
	"github.com/kaigi-dev/kaigi/ladr/forge/forgefake"
)

const token = "ghp_s3cr3tTOKENvalue"

func newForge(t *testing.T, kind, url, tok, repo string) forge.Forge {
	t.Helper()
	f, err := forge.New(forge.Config{Kind: kind, APIURL: url, Token: tok, Repo: repo})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestOpensPullAndMergeRequests(t *testing.T) {
	ctx := context.Background()
	gh := &forgefake.GitHub{Fake: forgefake.Fake{Token: token, Repo: "acme/eng", DefaultBranch: "main"}}
	gl := &forgefake.GitLab{Fake: forgefake.Fake{Token: token, Repo: "acme/platform/eng", DefaultBranch: "trunk"}}
	for _, c := range []struct {
		kind, repo, base, url string
		fake                  interface{ Created() []forgefake.Created }
		srv                   *httptest.Server
	}{
		{"github", "acme/eng", "main", "https://github.com/acme/eng/pull/1", gh, httptest.NewServer(gh)},
		{"gitlab", "acme/platform/eng", "trunk", "https://gitlab.example.com/acme/platform/eng/-/merge_requests/1", gl, httptest.NewServer(gl)},
	} {
		defer c.srv.Close()
		f := newForge(t, c.kind, c.srv.URL, token, c.repo)
		base, err := f.DefaultBranch(ctx)
		if err != nil || base != c.base {
			t.Fatalf("%s: default branch %q, %v", c.kind, base, err)
		}
		got, err := f.Open(ctx, forge.Request{Title: "LADR 0001: Use SQLite", Body: "body", Head: "ladr/0001-use-sqlite", Base: base})
		if err != nil || got.URL != c.url || got.Number != 1 {
			t.Fatalf("%s: opened %+v, %v", c.kind, got, err)
		}
		made := c.fake.Created()
		if len(made) != 1 || made[0].Title != "LADR 0001: Use SQLite" || made[0].Body != "body" || made[0].Head != "ladr/0001-use-sqlite" || made[0].Base != c.base {
			t.Errorf("%s: the forge got %+v", c.kind, made)
		}
		_, err = f.Open(ctx, forge.Request{Title: "again", Head: "ladr/0001-use-sqlite", Base: base})
		if err == nil || !strings.Contains(err.Error(), "already exists") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: a second request for the branch: %v", c.kind, err)
		}
	}
}

func TestRefusalsAreOneReadableLine(t *testing.T) {
	ctx := context.Background()
	gh := &forgefake.GitHub{Fake: forgefake.Fake{Token: token, Repo: "acme/eng", DefaultBranch: "main"}}
	gl := &forgefake.GitLab{Fake: forgefake.Fake{Token: token, Repo: "acme/eng", DefaultBranch: "main"}}
	ghs, gls := httptest.NewServer(gh), httptest.NewServer(gl)
	defer ghs.Close()
	defer gls.Close()
	for _, c := range []struct {
		name, kind, url, tok, repo string
		want                       []string
	}{
		{"github bad token", "github", ghs.URL, "ghp_wrong", "acme/eng", []string{"GitHub refused the token", "Bad credentials", "KAIGI_GITHUB_TOKEN", "Pull requests"}},
		{"github unknown repo", "github", ghs.URL, token, "acme/other", []string{"acme/other not found", "cannot see it"}},
		{"gitlab bad token", "gitlab", gls.URL, "glpat-wrong", "acme/eng", []string{"GitLab refused the token", "401 Unauthorized", "KAIGI_GITLAB_TOKEN", "api scope"}},
		{"gitlab unknown project", "gitlab", gls.URL, token, "acme/other", []string{"acme/other not found", "404 Project Not Found"}},
	} {
		_, err := newForge(t, c.kind, c.url, c.tok, c.repo).DefaultBranch(ctx)
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		msg := err.Error()
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", c.name, msg, w)
			}
		}
		if strings.Contains(msg, "\n") || strings.Contains(msg, c.tok) {
			t.Errorf("%s: not one line, or shows the token: %q", c.name, msg)
		}
	}
	gh.BranchExists = func(b string) bool { return b == "main" }
	_, err := newForge(t, "github", ghs.URL, token, "acme/eng").Open(ctx, forge.Request{Title: "t", Head: "ladr/0002-x", Base: "main"})
	if err == nil || !strings.Contains(err.Error(), "Validation Failed: head invalid") {
		t.Errorf("a head branch GitHub does not have: %v", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, c := range []struct {
		env            map[string]string
		remote         string
		kind, repo, ok string
	}{
		{map[string]string{"KAIGI_GITHUB_TOKEN": "t"}, "git@github.com:acme/eng.git", "github", "acme/eng", "yes"},
		{map[string]string{"GITHUB_TOKEN": "t"}, "https://x:secret@github.com/acme/eng.git", "github", "acme/eng", "yes"},
		{map[string]string{"KAIGI_GITLAB_TOKEN": "t"}, "ssh://git@gitlab.example.com/acme/platform/eng.git", "gitlab", "acme/platform/eng", "yes"},
		{map[string]string{"KAIGI_FORGE": "gitlab", "KAIGI_GITLAB_TOKEN": "t", "KAIGI_FORGE_REPO": "g/p"}, "/srv/git/eng.git", "gitlab", "g/p", "yes"},
		{map[string]string{}, "git@github.com:acme/eng.git", "github", "acme/eng", ""},
	} {
		cfg, ok, err := forge.ConfigFromEnv(c.env, c.remote)
		if err != nil || cfg.Kind != c.kind || cfg.Repo != c.repo || ok != (c.ok != "") {
			t.Errorf("%v %s: %+v ok=%t err=%v", c.env, c.remote, cfg, ok, err)
		}
	}
	cfg, _, _ := forge.ConfigFromEnv(map[string]string{"KAIGI_GITLAB_TOKEN": "t"}, "git@gitlab.example.com:acme/eng.git")
	if cfg.APIURL != "https://gitlab.example.com" {
		t.Errorf("self-hosted GitLab's API address: %q", cfg.APIURL)
	}
	if _, _, err := forge.ConfigFromEnv(map[string]string{"KAIGI_GITHUB_TOKEN": "t"}, "https://x:hunter2@example.com/eng"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("a remote kaigi cannot read: %v", err)
	}
}
