package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/ladr/forge"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// prFollower wires the forge webhooks: kaigi's record always follows the
// pull request; with KAIGI_LADR_REPO (a clone of the engineering
// repository the server may fetch and push) the record's file follows too.
func prFollower(ctx context.Context, st *data.Store, env map[string]string, text *i18n.T, log *slog.Logger) (*ladr.PRFollower, error) {
	f := &ladr.PRFollower{Store: st, Log: log}
	repo := env["KAIGI_LADR_REPO"]
	if repo == "" {
		return f, nil
	}
	if fi, err := os.Stat(repo); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("KAIGI_LADR_REPO=%s is not a folder; clone the engineering repository there", repo)
	}
	remote := envOr(env, "KAIGI_LADR_REMOTE", "origin")
	files := &ladr.PRFiles{Repo: repo, Dir: envOr(env, "KAIGI_LADR_DIR", ladr.DefaultDir), Remote: remote, Text: text, BaseURL: env["KAIGI_BASE_URL"]}
	fg, err := forgeFor(ctx, env, repo, remote)
	if err != nil {
		return nil, err
	}
	files.Forge, f.Files = fg, files
	return f, nil
}

// forgeFor makes the forge client for a clone's remote from the
// environment; nil when no token is set.
func forgeFor(ctx context.Context, env map[string]string, repo, remote string) (forge.Forge, error) {
	out, err := exec.CommandContext(ctx, "git", "-C", repo, "remote", "get-url", remote).Output()
	if err != nil {
		out = nil // no remote: the environment must name the repository
	}
	cfg, ok, err := forge.ConfigFromEnv(env, strings.TrimSpace(string(out)))
	if err != nil || !ok {
		return nil, err
	}
	return forge.New(cfg)
}

// text is the team's language for what the server writes into
// repositories; nil (English) before the catalogs are loaded.
func (c uiConfig) text() *i18n.T {
	if c.catalog == nil {
		return nil
	}
	return c.catalog.Default()
}
