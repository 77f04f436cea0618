// Command kaigi runs the kaigi web service and its maintenance commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	_ "time/tzdata" // series time zones work on a machine without /usr/share/zoneinfo

	"github.com/kaigi-dev/kaigi/data"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := envMap(os.Environ())
	if err := run(ctx, os.Args[1:], env, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kaigi: "+oneLine(err))
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for usage mistakes, 1 for everything else.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// oneLine shows an error as the single readable line a person gets; internal
// errors keep their detail here because the CLI user is the operator.
func oneLine(err error) string {
	msg := err.Error()
	var e *data.Error
	if errors.As(err, &e) && e.Code != data.EINTERNAL {
		msg = e.Message
	}
	return strings.Join(strings.Fields(msg), " ")
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// io bundles the streams a command talks to, so tests can capture them.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// command is one subcommand: a one-line summary and the function that runs it.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, env map[string]string, io stdio) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the web app (and scheduled jobs)", runServe},
		"meeting": {"meeting commands: next SERIES", runMeeting},
		"backup":  {"write a consistent copy of the live database: backup FILE", runBackup},
		"restore": {"replace the database with a backup: restore FILE [--force], or restore --from-replica URL [--at TIME]", runRestore},
		"version": {"print the version", runVersion},
		"ladr":    {"LADR files: new, import, export, index, lint, render, pr", runLADR},
		"notion":  {"Notion commands: init --parent PAGE_ID, adopt --tasks ID ..., migrate, webhook-reset, fake", runNotion},
		"sync":    {"run one Notion sync cycle (pull, then push)", runSync},
		"user":    {"logins: user add, list, passwd, deactivate, reset-link (passwords on stdin)", runUser},
		"token":   {"create an API token: token create --email E [--name N]", runToken},
	}
}

// run is the whole program behind main, callable from tests.
func run(ctx context.Context, args []string, env map[string]string, in io.Reader, out, errOut io.Writer) error {
	std := stdio{in: in, out: out, err: errOut}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(out, cmds)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		return usagef("unknown command %q; run 'kaigi --help' for the list", args[0])
	}
	err := cmd.run(ctx, args[1:], env, std)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the command printed its usage, as asked
	}
	return err
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for name := range cmds {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "kaigi keeps meetings, agendas, decisions, tasks and LADRs, and syncs them with Notion.")
	fmt.Fprintln(w, "\nUsage: kaigi COMMAND [flags]\n\nCommands:")
	for _, name := range names {
		fmt.Fprintf(w, "  %-9s %s\n", name, cmds[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'kaigi COMMAND --help' for a command's flags. Flags fall back to KAIGI_* environment variables.")
}

func envMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

func runVersion(_ context.Context, args []string, _ map[string]string, io stdio) error {
	fs := newFlagSet("version", "", io)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(io.out, "kaigi", version)
	return nil
}

// newFlagSet returns a flag set that prints its help to the command's
// output and reports errors instead of exiting.
func newFlagSet(name, usage string, io stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("kaigi "+name, flag.ContinueOnError)
	fs.SetOutput(io.err)
	fs.Usage = func() {
		fmt.Fprintf(io.out, "Usage: kaigi %s %s\n\nFlags:\n", name, usage)
		fs.SetOutput(io.out)
		fs.PrintDefaults()
		fs.SetOutput(io.err)
	}
	return fs
}

// helpRequested reports whether a command group (user, token, ...) was
// asked for its help rather than given a subcommand.
func helpRequested(args []string) bool {
	return len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")
}

// parseFlags parses flags given before, between or after the positional
// arguments (so "restore FILE --force" works), and returns the positional
// ones. Flag mistakes become usage errors.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// openStore opens the configured database, creating its folder if needed.
func openStore(ctx context.Context, cfg config) (*data.Store, error) {
	if err := os.MkdirAll(dirOf(cfg.DB), 0o750); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	st, err := data.Open(ctx, cfg.DB, data.Options{Logger: cfg.Logger, Zone: cfg.Zone})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", cfg.DB, err)
	}
	return st, nil
}
