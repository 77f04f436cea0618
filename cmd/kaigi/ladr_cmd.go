package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
)

const ladrUsage = `render ID | import DIR | export [DIR] | index [DIR] | lint [DIR] | pr ID --repo PATH

  render ID         print an LADR's Markdown file (ID is the kaigi ID or the number)
  import DIR        create or update LADRs from a decision-record folder, with a report
  export [DIR]      write every LADR and the index into DIR
  index [DIR]       regenerate DIR/README.md from the files in DIR
  lint [DIR]        check DIR for CI; exit 1 with file:line: message lines
  pr ID --repo PATH commit the LADR file on a new branch ladr/NNNN-slug

DIR defaults to KAIGI_LADR_DIR or docs/ladr.`

// runLADR dispatches the LADR file commands.
func runLADR(ctx context.Context, args []string, env map[string]string, io stdio) error {
	if len(args) == 0 || helpRequested(args) {
		fmt.Fprintf(io.out, "Usage: kaigi ladr %s\n", ladrUsage)
		if len(args) == 0 {
			return usagef("ladr needs a subcommand: render, import, export, index, lint or pr")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	lc := ladrConfig{env: env}
	fs := newFlagSet("ladr "+sub, ladrUsage, io)
	switch sub {
	case "render", "import", "export", "pr":
		addDBFlag(fs, &lc.cfg, env)
		fs.StringVar(&lc.template, "template", env["KAIGI_LADR_TEMPLATE"], "your own LADR Markdown template (env KAIGI_LADR_TEMPLATE)")
		fs.StringVar(&lc.layout.Pattern, "pattern", envOr(env, "KAIGI_LADR_PATTERN", ladr.DefaultPattern), "file name pattern with {number} and {slug} (env KAIGI_LADR_PATTERN)")
	case "index", "lint":
	default:
		return usagef("unknown ladr subcommand %q; use render, import, export, index, lint or pr", sub)
	}
	var pr ladr.PROptions
	if sub == "pr" {
		fs.StringVar(&pr.Repo, "repo", "", "git work tree of the engineering repository (required)")
		fs.StringVar(&lc.layout.Dir, "dir", envOr(env, "KAIGI_LADR_DIR", ladr.DefaultDir), "LADR folder inside the repository (env KAIGI_LADR_DIR)")
		fs.StringVar(&pr.BaseURL, "base-url", envOr(env, "KAIGI_BASE_URL", ladr.DefaultBaseURL), "kaigi's address for links in the PR body (env KAIGI_BASE_URL)")
		fs.BoolVar(&pr.Push, "push", false, "push the branch to the remote")
		fs.StringVar(&pr.Remote, "remote", envOr(env, "KAIGI_LADR_REMOTE", "origin"), "remote to push to (env KAIGI_LADR_REMOTE)")
		fs.BoolVar(&pr.Open, "open", false, "push and open the pull request with the gh CLI")
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if lc.layout.Pattern != "" {
		if err := ladr.CheckPattern(lc.layout.Pattern); err != nil {
			return usagef("%s", data.ErrorMessage(err))
		}
	}
	switch sub {
	case "render":
		return lc.render(ctx, pos, io)
	case "import":
		return lc.importDir(ctx, pos, io)
	case "export":
		return lc.export(ctx, pos, io)
	case "index":
		return lc.index(pos, io)
	case "lint":
		return lc.lint(pos, io)
	default:
		return lc.pr(ctx, pos, pr, io)
	}
}

type ladrConfig struct {
	env      map[string]string
	cfg      config
	template string
	layout   ladr.Layout
}

func (lc ladrConfig) dir(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return envOr(lc.env, "KAIGI_LADR_DIR", ladr.DefaultDir), nil
	case 1:
		return pos[0], nil
	}
	return "", usagef("give one folder, not %d", len(pos))
}

func (lc ladrConfig) open(ctx context.Context, io stdio) (*data.Store, *ladr.Renderer, error) {
	r, err := ladr.NewRenderer(lc.template)
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

func (lc ladrConfig) render(ctx context.Context, pos []string, io stdio) error {
	if len(pos) != 1 {
		return usagef("render needs one LADR number or ID")
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
	links, err := ladr.LinksFor(ctx, st, l)
	if err != nil {
		return err
	}
	out, err := r.RenderDocument(ladr.NewDocument(l, links))
	if err != nil {
		return err
	}
	_, err = io.out.Write(out)
	return err
}

func (lc ladrConfig) importDir(ctx context.Context, pos []string, io stdio) error {
	if len(pos) != 1 {
		return usagef("import needs the folder to read")
	}
	st, _, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	reports, err := ladr.Import(ctx, st, pos[0])
	if werr := ladr.WriteReport(io.out, reports); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range reports {
		if r.Action == ladr.Failed {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be imported", failed, len(reports))
	}
	return nil
}

func (lc ladrConfig) export(ctx context.Context, pos []string, io stdio) error {
	dir, err := lc.dir(pos)
	if err != nil {
		return err
	}
	st, r, err := lc.open(ctx, io)
	if err != nil {
		return err
	}
	defer st.Close()
	written, err := ladr.Export(ctx, st, r, dir, lc.layout)
	for _, name := range written {
		fmt.Fprintf(io.out, "wrote %s/%s\n", strings.TrimRight(dir, "/"), name)
	}
	return err
}

func (lc ladrConfig) index(pos []string, io stdio) error {
	dir, err := lc.dir(pos)
	if err != nil {
		return err
	}
	changed, err := ladr.WriteIndex(dir)
	if err != nil {
		return err
	}
	if changed {
		fmt.Fprintf(io.out, "wrote %s/%s\n", strings.TrimRight(dir, "/"), ladr.IndexName)
	}
	return nil
}

func (lc ladrConfig) lint(pos []string, io stdio) error {
	dir, err := lc.dir(pos)
	if err != nil {
		return err
	}
	problems, err := ladr.Lint(dir)
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

func (lc ladrConfig) pr(ctx context.Context, pos []string, opt ladr.PROptions, io stdio) error {
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
	opt.Layout, opt.Renderer = lc.layout, r
	res, err := ladr.PR(ctx, st, l.ID, opt)
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
