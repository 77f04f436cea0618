package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kaigi-dev/kaigi/notion"
)

// notionConfig is what every Notion command shares.
type notionConfig struct {
	config
	ConfigPath string
	URL        string // a fake's address; empty means api.notion.com
	Rate       float64
}

func addNotionFlags(fs interface {
	StringVar(*string, string, string, string)
	Float64Var(*float64, string, float64, string)
}, cfg *notionConfig, env map[string]string) {
	fs.StringVar(&cfg.ConfigPath, "config", env["KAIGI_NOTION_CONFIG"], "Notion mapping file; default kaigi-notion.json next to the database (env KAIGI_NOTION_CONFIG)")
	fs.StringVar(&cfg.URL, "notion-url", env["KAIGI_NOTION_URL"], "Notion API address, e.g. a 'kaigi notion fake' URL (env KAIGI_NOTION_URL)")
	fs.Float64Var(&cfg.Rate, "rate", 3, "average Notion requests per second")
}

func (c notionConfig) configPath() string {
	if c.ConfigPath != "" {
		return c.ConfigPath
	}
	return filepath.Join(dirOf(c.DB), "kaigi-notion.json")
}

// notionToken reads KAIGI_NOTION_TOKEN, or the file KAIGI_NOTION_TOKEN_FILE names.
func notionToken(env map[string]string) (notion.Token, error) {
	if v := strings.TrimSpace(env["KAIGI_NOTION_TOKEN"]); v != "" {
		return notion.NewToken(v), nil
	}
	if path := env["KAIGI_NOTION_TOKEN_FILE"]; path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return notion.Token{}, fmt.Errorf("read KAIGI_NOTION_TOKEN_FILE: %w", err)
		}
		if t := notion.NewToken(string(b)); !t.Empty() {
			return t, nil
		}
	}
	return notion.Token{}, usagef("set KAIGI_NOTION_TOKEN (or KAIGI_NOTION_TOKEN_FILE) to the integration's secret")
}

func notionClient(cfg notionConfig, env map[string]string) (*notion.Client, error) {
	token, err := notionToken(env)
	if err != nil {
		return nil, err
	}
	tr, err := notion.NewTransport(notion.TransportOptions{BaseURL: cfg.URL, PerSecond: cfg.Rate})
	if err != nil {
		return nil, err
	}
	return notion.NewClient(token, tr), nil
}

func runNotion(ctx context.Context, args []string, env map[string]string, io stdio) error {
	if len(args) == 0 {
		return usagef("notion needs a subcommand: init, fake")
	}
	switch args[0] {
	case "init":
		return runNotionInit(ctx, args[1:], env, io)
	case "fake":
		return runNotionFake(ctx, args[1:], io.out, io.err)
	}
	return usagef("unknown notion subcommand %q; use init or fake", args[0])
}

func runNotionInit(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg notionConfig
	var parent, winner string
	fs := newFlagSet("notion init", "--parent PAGE_ID", io)
	addDBFlag(fs, &cfg.config, env)
	addNotionFlags(fs, &cfg, env)
	fs.StringVar(&parent, "parent", env["KAIGI_NOTION_PARENT"], "the Notion page that will hold the five databases (env KAIGI_NOTION_PARENT)")
	fs.StringVar(&winner, "winner", "notion", "who wins a same-field conflict until a person decides: notion or kaigi")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("notion init takes no arguments, got %q", pos[0])
	}
	if parent == "" {
		return usagef("--parent PAGE_ID is required: the page (shared with the integration) that will hold the databases")
	}
	if winner != string(notion.WinnerNotion) && winner != string(notion.WinnerKaigi) {
		return usagef("--winner must be notion or kaigi, got %q", winner)
	}
	if _, err := os.Stat(cfg.configPath()); err == nil {
		return usagef("%s already exists; kaigi is already linked to Notion databases", cfg.configPath())
	}
	client, err := notionClient(cfg, env)
	if err != nil {
		return err
	}
	nc, err := notion.Init(ctx, client, parent, notion.Winner(winner))
	if err != nil {
		return err
	}
	if err := nc.Save(cfg.configPath()); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "created the Meetings, Agendas, Decisions, Tasks and LADRs databases; mapping saved to %s\n", cfg.configPath())
	return nil
}
