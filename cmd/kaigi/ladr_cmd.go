package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/ladr/convention"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

const ladrUsage = `SUBCOMMAND [flags]

  new TITLE [DIR]     create an LADR and write its file as the folder writes records
  import DIR          create or update LADRs from a decision-record folder, with a report
  export [DIR]        write what changed in kaigi into the folder's files (and new records)
  index [DIR]         write kaigi's index of DIR (between its markers in your README)
  lint [DIR]          check DIR against its own convention for CI; exit 1 with file:line: message
  render ID [DIR]     print an LADR's file as export would write it
  pr ID --repo PATH   commit the LADR's file on a branch ladr/NNNN-slug, push it and open the PR

DIR defaults to KAIGI_LADR_DIR, the folder a .adr-dir file here names (as
adr-tools does), or docs/ladr. Run kaigi ladr SUBCOMMAND --help for its flags.`

// ladrSubcommands are the usage lines of each subcommand.
var ladrSubcommands = map[string]string{
	"new": `TITLE [DIR] [-s N]... [--slug SLUG] [--area AREA]

Creates an LADR in kaigi and writes its file into DIR the way the folder's
records are written (as adr-tools' "adr new" does): the next number in the
folder's width, or today's date for folders named by date; the folder's
template and headings; the title's own letters in the file name. -s N
supersedes record N (a number or part of a file name) and updates its file.
In a folder split by area (subfolders, or names like ADR-DATA-001-x.md)
--area says which; the number is the folder's next, or the area's where
each area numbers its own. Prints the new file's path.`,
	"import": `DIR [--dry-run]

Reads a decision-record folder (adr-tools, MADR, log4brains, the Rakus
template, kaigi's own) as it is: each file becomes one LADR, the file stays
its identity. Prints per file created, updated or unchanged, and what kaigi
guessed. --dry-run reports the folder's convention and what an import
would do, and writes nothing.`,
	"export": `[DIR] [--all] [--pattern P]

Writes into each record's own file what changed in kaigi since the last
import or export, changing only those lines; unchanged records are not
written. Records with no file yet get one named and shaped as the folder's
records are. --all also writes records whose file is in another folder.`,
	"index": `[DIR]

Writes kaigi's table of the folder's records: between <!-- kaigi:ladr-index -->
and <!-- /kaigi:ladr-index --> where your README.md or index.md has them,
else into kaigi's own README.md, or ladr-index.md next to your README.`,
	"lint": `[DIR]

Checks the folder against its own convention: duplicate numbers, numbers
another branch uses, statuses outside the folder's words, sections its
template requires or that still hold the template's guidance, broken links,
and kaigi's index. Prints file:line: message and exits 1 on problems.`,
	"render": `ID [DIR]

Prints the LADR's file (ID is the kaigi ID or the number) as an export into
DIR would write it.`,
	"pr": `ID --repo PATH [--dir DIR] [--push] [--open] [--base BRANCH]

Commits the LADR's file, and the files of the records it supersedes, on a
new branch ladr/NNNN-slug of the git work tree, in the folder's convention,
and prints the pull request's title and body. Run it right after ladr new:
the record's own uncommitted files go into the commit; other uncommitted
changes stop it. A number another branch or the remote took meanwhile
renumbers the record. --push pushes the branch; --open also opens the pull
request through GitHub's API (KAIGI_GITHUB_TOKEN or GITHUB_TOKEN; GitHub
Enterprise: KAIGI_GITHUB_API_URL) or a GitLab merge request
(KAIGI_GITLAB_TOKEN; self-hosted: KAIGI_GITLAB_URL), else with the gh CLI.
On any failure the work tree, kaigi's records and the remote stay as they
were.`,
}

// runLADR dispatches the LADR file commands.
func runLADR(ctx context.Context, args []string, env map[string]string, io stdio) error {
	if len(args) == 0 || helpRequested(args) {
		fmt.Fprintf(io.out, "Usage: kaigi ladr %s\n", ladrUsage)
		if len(args) == 0 {
			return usagef("ladr needs a subcommand: new, import, export, index, lint, render or pr")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	usage, known := ladrSubcommands[sub]
	if !known {
		return usagef("unknown ladr subcommand %q; use new, import, export, index, lint, render or pr", sub)
	}
	lc := ladrConfig{env: env}
	fs := newFlagSet("ladr "+sub, usage, io)
	var pr ladr.PROptions
	lc.flags(fs, sub, &pr)
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the usage is printed; asking for it is not a mistake
	}
	if err != nil {
		return err
	}
	if lc.pattern != "" {
		if lc.naming, err = convention.ParsePattern(lc.pattern); err != nil {
			return usagef("%s", data.ErrorMessage(err))
		}
		if lc.pattern == ladr.DefaultPattern {
			lc.naming = convention.Naming{}
		}
	}
	switch sub {
	case "new":
		return lc.newRecord(ctx, pos, io)
	case "import":
		return lc.importDir(ctx, pos, io)
	case "export":
		return lc.export(ctx, pos, io)
	case "index":
		return lc.index(ctx, pos, io)
	case "lint":
		return lc.lint(ctx, pos, io)
	case "render":
		return lc.render(ctx, pos, io)
	default:
		return lc.pr(ctx, pos, pr, io)
	}
}

type ladrConfig struct {
	env        map[string]string
	cfg        config
	template   string
	pattern    string
	naming     convention.Naming
	dryRun     bool
	all        bool
	slug       string
	supersedes stringList
	prDir      string
	area       string
}

// stringList is a flag given several times (-s 3 -s 5).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func (lc *ladrConfig) flags(fs *flag.FlagSet, sub string, pr *ladr.PROptions) {
	env := lc.env
	switch sub {
	case "index", "lint":
		return
	}
	addDBFlag(fs, &lc.cfg, env)
	if sub != "import" {
		fs.StringVar(&lc.template, "template", env["KAIGI_LADR_TEMPLATE"], "kaigi's LADR template for a folder with no records (env KAIGI_LADR_TEMPLATE)")
		fs.StringVar(&lc.pattern, "pattern", envOr(env, "KAIGI_LADR_PATTERN", ladr.DefaultPattern),
			"file names in a folder with no records: {number}, {number:N}, {date}, {date:iso}, {slug} (env KAIGI_LADR_PATTERN)")
	}
	switch sub {
	case "import":
		fs.BoolVar(&lc.dryRun, "dry-run", false, "report the folder's convention and what an import would do; write nothing")
	case "export":
		fs.BoolVar(&lc.all, "all", false, "also write records whose file is in another folder")
	case "new":
		fs.Var(&lc.supersedes, "s", "supersede this record (number or part of its file name); repeatable")
		fs.StringVar(&lc.slug, "slug", "", "the name part of the file (default: from the title)")
		fs.StringVar(&lc.area, "area", "", "the area of the record, in a folder split by area (a subfolder, or DATA of ADR-DATA-001)")
	case "pr":
		fs.StringVar(&pr.Repo, "repo", "", "git work tree of the engineering repository (required)")
		fs.StringVar(&lc.prDir, "dir", envOr(env, "KAIGI_LADR_DIR", ladr.DefaultDir), "LADR folder inside the repository (env KAIGI_LADR_DIR)")
		fs.StringVar(&pr.BaseURL, "base-url", env["KAIGI_BASE_URL"], "kaigi's address for links in the PR body; none when empty (env KAIGI_BASE_URL)")
		fs.StringVar(&pr.Base, "base", "", "branch the pull request merges into (default: the repository's default branch)")
		fs.BoolVar(&pr.Push, "push", false, "push the branch to the remote")
		fs.StringVar(&pr.Remote, "remote", envOr(env, "KAIGI_LADR_REMOTE", "origin"), "remote to push to (env KAIGI_LADR_REMOTE)")
		fs.BoolVar(&pr.Open, "open", false, "push and open the pull request through the forge's API (or the gh CLI)")
	}
}

func (lc *ladrConfig) dir(pos []string, max int) (string, error) {
	switch {
	case len(pos) > max+1:
		return "", usagef("give one folder, not %d", len(pos)-max)
	case len(pos) == max+1:
		return ladr.FolderOf(pos[max]), nil
	case lc.env["KAIGI_LADR_DIR"] != "":
		return ladr.FolderOf(lc.env["KAIGI_LADR_DIR"]), nil
	}
	if _, err := os.Stat(".adr-dir"); err == nil {
		return ladr.FolderOf("."), nil // adr-tools' pointer to the folder
	}
	return ladr.DefaultDir, nil
}

func (lc *ladrConfig) open(ctx context.Context, io stdio) (*data.Store, *ladr.Renderer, error) {
	text, err := teamText(lc.env)
	if err != nil {
		return nil, nil, err
	}
	r, err := ladr.NewRenderer(lc.template, text.Lang())
	if err != nil {
		return nil, nil, err
	}
	lc.cfg.Logger = newLogger(io, lc.env)
	st, err := openStore(ctx, lc.cfg)
	return st, r, err
}

// findLADR reads an LADR by number ("7", "0007") or kaigi ID.
func findLADR(ctx context.Context, st *data.Store, ref string) (data.LADR, error) {
	if n, err := strconv.Atoi(ref); err == nil {
		return st.LADRByNumber(ctx, n)
	}
	return st.LADR(ctx, data.LADRID(ref))
}

func (lc *ladrConfig) newRecord(ctx context.Context, pos []string, io stdio) error {
	if len(pos) == 0 || strings.TrimSpace(pos[0]) == "" {
		return usagef("new needs a title: kaigi ladr new \"Use PostgreSQL\" [DIR]")
	}
	if len(pos) > 2 {
		return usagef("new takes a title and a folder; quote a title of several words")
	}
	if st, err := os.Stat(pos[0]); len(pos) == 1 && err == nil && st.IsDir() {
		return usagef("new needs a title before the folder: kaigi ladr new \"Use PostgreSQL\" %s", pos[0])
	}
	if err := data.CheckNamePart("slug", lc.slug); err != nil {
		return usagef("%s", data.ErrorMessage(err))
	}
	dir, err := lc.dir(pos, 1)
	if err != nil {
		return err
	}
	st, r, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := ladr.New(ctx, st, dir, ladr.NewOptions{Title: pos[0], Slug: lc.slug, Supersedes: lc.supersedes, Renderer: r, Naming: lc.naming, Area: lc.area})
	for _, n := range res.Notes {
		fmt.Fprintln(io.err, "note: "+n)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(io.out, joinDir(dir, res.Path))
	return nil
}

func (lc *ladrConfig) importDir(ctx context.Context, pos []string, io stdio) error {
	if len(pos) != 1 {
		return usagef("import needs the folder to read")
	}
	st, _, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := ladr.Import(ctx, st, pos[0], ladr.ImportOptions{DryRun: lc.dryRun})
	if lc.dryRun {
		fmt.Fprintln(io.out, "dry run: nothing was written")
		for _, line := range res.Convention.Describe() {
			fmt.Fprintln(io.out, line)
		}
	}
	if werr := ladr.WriteReport(io.out, res.Files); werr != nil && err == nil {
		err = werr
	}
	for _, n := range res.Notes {
		fmt.Fprintln(io.err, "note: "+n)
	}
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range res.Files {
		counts[r.Action]++
	}
	fmt.Fprintf(io.out, "%d created, %d updated, %d unchanged, %d failed\n", counts[ladr.Created], counts[ladr.Updated], counts[ladr.Unchanged], counts[ladr.Failed])
	if counts[ladr.Failed] > 0 {
		return fmt.Errorf("%d of %d files could not be imported", counts[ladr.Failed], len(res.Files))
	}
	return nil
}

func (lc *ladrConfig) export(ctx context.Context, pos []string, io stdio) error {
	dir, err := lc.dir(pos, 0)
	if err != nil {
		return err
	}
	st, r, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := ladr.Export(ctx, st, dir, ladr.ExportOptions{Renderer: r, Naming: lc.naming, All: lc.all})
	for _, name := range res.Written {
		fmt.Fprintf(io.out, "wrote %s\n", joinDir(dir, name))
	}
	if res.Unchanged > 0 || len(res.Written) == 0 {
		fmt.Fprintf(io.out, "%d unchanged (their files already say what kaigi has)\n", res.Unchanged)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(io.err, "note: "+n)
	}
	for _, s := range res.Skipped {
		fmt.Fprintln(io.err, "skipped "+s)
	}
	if err != nil {
		return err
	}
	if len(res.Skipped) > 0 {
		return fmt.Errorf("%d records were not written; see above", len(res.Skipped))
	}
	return nil
}

func (lc *ladrConfig) index(ctx context.Context, pos []string, io stdio) error {
	dir, err := lc.dir(pos, 0)
	if err != nil {
		return err
	}
	name, changed, err := ladr.WriteIndex(ctx, dir)
	if err != nil {
		return err
	}
	if changed {
		fmt.Fprintf(io.out, "wrote %s\n", joinDir(dir, name))
	}
	return nil
}

func (lc *ladrConfig) lint(ctx context.Context, pos []string, io stdio) error {
	dir, err := lc.dir(pos, 0)
	if err != nil {
		return err
	}
	problems, err := ladr.Lint(ctx, dir)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(io.out, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d problems in %s", len(problems), dir)
	}
	return nil
}

func (lc *ladrConfig) render(ctx context.Context, pos []string, io stdio) error {
	if len(pos) == 0 {
		return usagef("render needs one LADR number or ID")
	}
	dir, err := lc.dir(pos, 1)
	if err != nil {
		return err
	}
	st, r, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	l, err := findLADR(ctx, st, pos[0])
	if err != nil {
		return err
	}
	out, _, err := ladr.RenderFile(ctx, st, dir, l.ID, ladr.ExportOptions{Renderer: r, Naming: lc.naming})
	if err != nil {
		return err
	}
	_, err = io.out.Write(out)
	return err
}

func (lc *ladrConfig) pr(ctx context.Context, pos []string, opt ladr.PROptions, io stdio) error {
	if len(pos) != 1 {
		return usagef("pr needs one LADR number or ID")
	}
	if opt.Repo == "" {
		return usagef("pr needs --repo, the git work tree to commit into")
	}
	st, r, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	l, err := findLADR(ctx, st, pos[0])
	if err != nil {
		return err
	}
	opt.Layout, opt.Renderer = ladr.Layout{Dir: lc.prDir, Pattern: lc.pattern}, r
	if opt.Text, err = teamText(lc.env); err != nil {
		return err
	}
	if opt.Open {
		if opt.Forge, err = forgeFor(ctx, lc.env, opt.Repo, opt.Remote); err != nil {
			return err
		}
	}
	res, err := ladr.PR(ctx, st, l.ID, opt)
	for _, n := range res.Notes {
		fmt.Fprintln(io.err, "note: "+n)
	}
	if res.Commit != "" {
		fmt.Fprintf(io.out, "Committed %s on branch %s (%.12s).\n", strings.Join(res.Files, ", "), res.Branch, res.Commit)
		if res.Pushed {
			fmt.Fprintf(io.out, "Pushed %s to %s.\n", res.Branch, opt.Remote)
		}
		if res.URL != "" {
			fmt.Fprintf(io.out, "Opened %s\n", res.URL)
		}
		fmt.Fprintf(io.out, "\nPR title:\n%s\n\nPR body:\n%s", res.Title, res.Body)
	}
	return err
}

// teamText is the team's language (KAIGI_LANG) for what kaigi writes
// for people, such as pull request bodies.
func teamText(env map[string]string) (*i18n.T, error) {
	lang, ok := i18n.ParseLang(envOr(env, "KAIGI_LANG", "en"))
	if !ok {
		return nil, usagef("KAIGI_LANG must be ja or en, got %q", env["KAIGI_LANG"])
	}
	c, err := i18n.Load(lang)
	if err != nil {
		return nil, err
	}
	return c.Default(), nil
}

func joinDir(dir, name string) string { return strings.TrimRight(dir, "/") + "/" + name }
