package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
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
	addMappingFileFlag(fs, cfg, env)
	fs.StringVar(&cfg.URL, "notion-url", env["KAIGI_NOTION_URL"], "Notion API address, e.g. a 'kaigi notion fake' URL (env KAIGI_NOTION_URL)")
	fs.Float64Var(&cfg.Rate, "rate", 3, "average Notion requests per second")
}

func (c notionConfig) configPath() string {
	if c.ConfigPath != "" {
		return c.ConfigPath
	}
	return filepath.Join(dirOf(c.DB), "kaigi-notion.json")
}

// notionToken reads KAIGI_NOTION_TOKEN, or the file KAIGI_NOTION_TOKEN_FILE
// names, or else the token file the database's mapping was made with
// (stored; "" for none).
func notionToken(env map[string]string, stored string) (api.Token, error) {
	if v := strings.TrimSpace(env["KAIGI_NOTION_TOKEN"]); v != "" {
		return api.NewToken(v), nil
	}
	for _, f := range []struct{ path, what string }{{env["KAIGI_NOTION_TOKEN_FILE"], "KAIGI_NOTION_TOKEN_FILE"}, {stored, "the token file the Notion mapping was made with"}} {
		if f.path == "" {
			continue
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			return api.Token{}, fmt.Errorf("read %s: %w", f.what, err)
		}
		if t := api.NewToken(string(b)); !t.Empty() {
			return t, nil
		}
	}
	return api.Token{}, usagef("set KAIGI_NOTION_TOKEN (or KAIGI_NOTION_TOKEN_FILE) to the integration's secret")
}

// notionClient is the Notion client of the configured address and token;
// storedTokenFile is the mapping's reference to its token ("" for none).
func notionClient(cfg notionConfig, env map[string]string, storedTokenFile string) (*api.Client, error) {
	token, err := notionToken(env, storedTokenFile)
	if err != nil {
		return nil, err
	}
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: cfg.URL, PerSecond: cfg.Rate})
	if err != nil {
		return nil, err
	}
	return api.NewClient(token, tr), nil
}

func runNotion(ctx context.Context, args []string, env map[string]string, io stdio) error {
	if len(args) == 0 {
		return usagef("notion needs a subcommand: init, adopt, migrate, mapping, webhook-reset, fake")
	}
	switch args[0] {
	case "init":
		return runNotionInit(ctx, args[1:], env, io)
	case "adopt":
		return runNotionAdopt(ctx, args[1:], env, io)
	case "migrate":
		return runNotionMigrate(ctx, args[1:], env, io)
	case "webhook-reset":
		return runNotionWebhookReset(ctx, args[1:], env, io)
	case "mapping":
		return runNotionMapping(ctx, args[1:], env, io)
	case "fake":
		return runNotionFake(ctx, args[1:], io.out, io.err)
	case "-h", "--help", "help":
		fmt.Fprintln(io.out, "Usage: kaigi notion init|adopt|migrate|mapping|webhook-reset|fake [flags]")
		return nil
	}
	return usagef("unknown notion subcommand %q; use init, adopt, migrate, mapping, webhook-reset or fake", args[0])
}

func runNotionInit(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg notionConfig
	var parent, winner string
	fs := newFlagSet("notion init", "--parent PAGE_ID", io)
	addDBFlag(fs, &cfg.config, env)
	addLangFlag(fs, &cfg.config, env)
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
	if winner != string(merge.WinnerNotion) && winner != string(merge.WinnerKaigi) {
		return usagef("--winner must be notion or kaigi, got %q", winner)
	}
	lang, err := cfg.lang()
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg.config)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, _, err := linkedMapping(ctx, cfg, st, printNote(io)); err == nil {
		return usagef("this kaigi database (%s) is already linked to Notion databases; 'kaigi notion mapping' shows them", cfg.DB)
	} else if data.ErrorCode(err) != data.ENOTFOUND {
		return err
	}
	client, err := notionClient(cfg, env, "")
	if err != nil {
		return err
	}
	words, err := teamPriorityWords(ctx, cfg.config)
	if err != nil {
		return err
	}
	nc, err := notion.Init(ctx, client, parent, merge.Winner(winner), lang, words)
	if err != nil {
		return err
	}
	if err := notion.StoreConfig(ctx, st, nc, "init", tokenFileOf(env)); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "created the Series, Agendas, Meetings, LADRs, Tasks and Decisions databases; mapping saved in %s (database %s)\n", cfg.DB, nc.Database)
	fmt.Fprintln(io.out, "note: the tasks' status has Notion's own options (Not started, In progress, Done), which the API cannot rename; rename them in Notion as you like (kaigi follows them by ID), and add an option for cancelled tasks to its Complete group")
	return nil
}

func runNotionAdopt(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg notionConfig
	var winner string
	var dryRun bool
	ids := map[data.Entity]*string{}
	fs := newFlagSet("notion adopt", "--meetings ID --agendas ID --decisions ID --tasks ID --ladrs ID --series ID (any of them)", io)
	addDBFlag(fs, &cfg.config, env)
	addLangFlag(fs, &cfg.config, env)
	addNotionFlags(fs, &cfg, env)
	for _, spec := range codec.Specs {
		name := strings.ToLower(spec.Title)
		ids[spec.Entity] = fs.String(name, "", "ID of the existing Notion database of "+name)
	}
	fs.StringVar(&winner, "winner", "", "who wins a same-field conflict until a person decides: notion or kaigi (default: kept, else notion)")
	fs.BoolVar(&dryRun, "dry-run", false, "print the proposed mapping; change no schema and write no file")
	var sources []string
	fs.Func("data-source", "the data source kaigi syncs of a database that has several (repeat for each; --dry-run lists them)", func(v string) error {
		sources = append(sources, v)
		return nil
	})
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("notion adopt takes no arguments, got %q", pos[0])
	}
	if winner != "" && winner != string(merge.WinnerNotion) && winner != string(merge.WinnerKaigi) {
		return usagef("--winner must be notion or kaigi, got %q", winner)
	}
	lang, err := cfg.lang()
	if err != nil {
		return err
	}
	opts := notion.AdoptOptions{Databases: map[data.Entity]string{}, Winner: merge.Winner(winner), Lang: lang, DryRun: dryRun, DataSources: sources}
	for e, id := range ids {
		if *id != "" {
			opts.Databases[e] = *id
		}
	}
	if len(opts.Databases) == 0 {
		return usagef("name at least one database: --meetings, --agendas, --decisions, --tasks or --ladrs DATABASE_ID")
	}
	st, err := openStore(ctx, cfg.config)
	if err != nil {
		return err
	}
	defer st.Close()
	// Adopting again (after a schema change) keeps the other databases and settings.
	old, stored, err := linkedMapping(ctx, cfg, st, printNote(io))
	if err == nil {
		opts.Into = old
	} else if data.ErrorCode(err) != data.ENOTFOUND {
		return err
	}
	client, err := notionClient(cfg, env, stored.TokenFile)
	if err != nil {
		return err
	}
	nc, rep, err := notion.Adopt(ctx, client, opts)
	printAdoptReport(io, rep, dryRun)
	if err != nil {
		return err
	}
	if dryRun {
		fmt.Fprintln(io.out, "dry run: nothing changed")
		return nil
	}
	if err := notion.StoreConfig(ctx, st, nc, "adopt", tokenFileOf(env)); err != nil {
		return err
	}
	if err := notion.KeepAdoptedSources(ctx, st, rep, api.RealClock{}.Now()); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "mapping saved in %s (database %s)\n", cfg.DB, nc.Database)
	return nil
}

func printAdoptReport(io stdio, rep notion.AdoptReport, dryRun bool) {
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintln(io.out, title)
		for _, l := range lines {
			fmt.Fprintln(io.out, "  "+l)
		}
	}
	section("data sources:", rep.Sources)
	section("mapped:", rep.Mapped)
	section("values (saved with the database; 'kaigi notion mapping' exports them to a file you may edit and import with --config):", rep.Values)
	if dryRun {
		section("would add:", rep.Added)
	} else {
		section("added:", rep.Added)
	}
	section("not mapped (kaigi keeps these fields to itself):", rep.Unmapped)
	section("note:", rep.Notes)
}

// openLinked opens the database, reads its Notion mapping (importing a
// mapping file first) and builds the client: what a command that syncs
// needs (close the store when done).
func openLinked(ctx context.Context, cfg notionConfig, env map[string]string, io stdio) (*notion.Config, *api.Client, *data.Store, error) {
	st, err := openStore(ctx, cfg.config)
	if err != nil {
		return nil, nil, nil, err
	}
	nc, stored, err := linkedMapping(ctx, cfg, st, printNote(io))
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	client, err := notionClient(cfg, env, stored.TokenFile)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return nc, client, st, nil
}

func runNotionMigrate(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg notionConfig
	var dryRun bool
	fs := newFlagSet("notion migrate", "[--dry-run]", io)
	addDBFlag(fs, &cfg.config, env)
	addLangFlag(fs, &cfg.config, env)
	addNotionFlags(fs, &cfg, env)
	fs.BoolVar(&dryRun, "dry-run", false, "list every change; change nothing")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("notion migrate takes no arguments, got %q", pos[0])
	}
	lang, err := cfg.lang()
	if err != nil {
		return err
	}
	nc, client, st, err := openLinked(ctx, cfg, env, io)
	if err != nil {
		return err
	}
	defer st.Close()
	migrated, plan, err := notion.Migrate(ctx, client, st, nc, notion.MigrateOptions{Lang: lang, DryRun: dryRun})
	if err != nil {
		return err
	}
	if len(plan.Changes) == 0 {
		fmt.Fprintln(io.out, "nothing to migrate: the databases are what 'kaigi notion init' makes now")
		return nil
	}
	section := map[bool]string{true: "would change:", false: "changed:"}[dryRun]
	fmt.Fprintln(io.out, section)
	for _, c := range plan.Changes {
		fmt.Fprintln(io.out, "  "+c)
	}
	fmt.Fprintln(io.out, "note:")
	for _, n := range plan.Notes {
		fmt.Fprintln(io.out, "  "+n)
	}
	if dryRun {
		fmt.Fprintln(io.out, "dry run: nothing changed; run without --dry-run to migrate")
		return nil
	}
	if err := notion.StoreConfig(ctx, st, migrated, "migrate", ""); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "mapping saved in %s\n", cfg.DB)
	return nil
}

func runNotionWebhookReset(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg config
	fs := newFlagSet("notion webhook-reset", "", io)
	addDBFlag(fs, &cfg, env)
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("notion webhook-reset takes no arguments, got %q", pos[0])
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := notion.ResetWebhook(ctx, st); err != nil {
		return err
	}
	fmt.Fprintln(io.out, "webhook verification token forgotten; the next verification request from Notion is accepted")
	return nil
}

// teamPriorityWords are the words init names the agendas' priorities in:
// those most of the database's series use (levels on a tie or when there is
// no series yet).
func teamPriorityWords(ctx context.Context, cfg config) (data.PriorityWords, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer st.Close()
	return st.TeamPriorityWords(ctx)
}
