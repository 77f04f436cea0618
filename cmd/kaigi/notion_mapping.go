package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// addMappingFileFlag adds --config, the mapping file a start imports.
func addMappingFileFlag(fs interface {
	StringVar(*string, string, string, string)
}, cfg *notionConfig, env map[string]string) {
	fs.StringVar(&cfg.ConfigPath, "config", env["KAIGI_NOTION_CONFIG"], "a Notion mapping file to import into the database (older kaigi kept the mapping there; renamed *.migrated once imported); default kaigi-notion.json next to the database (env KAIGI_NOTION_CONFIG)")
}

// linkedMapping returns the database's Notion mapping, first importing the
// mapping file cfg names (kaigi-notion.json beside the database by
// default), which older kaigi wrote; note is told when a file was imported.
func linkedMapping(ctx context.Context, cfg notionConfig, st *data.Store, note func(string)) (*notion.Config, syncdb.Mapping, error) {
	path := cfg.configPath()
	imported, err := notion.ImportConfigFile(ctx, st, path)
	if err != nil {
		return nil, syncdb.Mapping{}, err
	}
	if imported {
		note(fmt.Sprintf("imported the Notion mapping from %s into the database; the file is now %s%s", path, path, notion.MigratedSuffix))
	}
	return notion.StoredConfig(ctx, st)
}

// printNote is the CLI's note: one line on stderr.
func printNote(io stdio) func(string) {
	return func(msg string) { fmt.Fprintln(io.err, "note: "+msg) }
}

// tokenFileOf is the reference to the token a mapping keeps: the absolute
// path of KAIGI_NOTION_TOKEN_FILE when the token is read from it, else "".
func tokenFileOf(env map[string]string) string {
	path := env["KAIGI_NOTION_TOKEN_FILE"]
	if strings.TrimSpace(env["KAIGI_NOTION_TOKEN"]) != "" || path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// runNotionMapping prints the database's Notion mapping as a file 'notion
// adopt' and older kaigi wrote, naming the database's identity: a copy a
// person may edit (value maps) and give back with --config.
func runNotionMapping(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg notionConfig
	fs := newFlagSet("notion mapping", "", io)
	addDBFlag(fs, &cfg.config, env)
	addMappingFileFlag(fs, &cfg, env)
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("notion mapping takes no arguments, got %q", pos[0])
	}
	st, err := openStore(ctx, cfg.config)
	if err != nil {
		return err
	}
	defer st.Close()
	nc, _, err := linkedMapping(ctx, cfg, st, printNote(io))
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(nc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode Notion configuration: %w", err)
	}
	fmt.Fprintln(io.out, string(b))
	return nil
}
