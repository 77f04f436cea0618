package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// userUsage lists the user subcommands.
const userUsage = `kaigi user add|list|passwd|deactivate|reset-link
  printf 'password\n' | kaigi user add --email E --name N   a new login (the first is the admin)
  kaigi user list                                           everyone who can log in, with role and state
  printf 'password\n' | kaigi user passwd --email E         set a password; their browsers are logged out
  kaigi user deactivate --email E                           stop a login (the last admin stays)
  kaigi user reset-link --email E                           print a one-time password-reset address`

// runUser handles "kaigi user ...", the operator's way in when nobody can
// use the admin pages (a sole admin who forgot the password).
func runUser(ctx context.Context, args []string, env map[string]string, std stdio) error {
	if helpRequested(args) {
		fmt.Fprintln(std.out, "Usage: "+userUsage)
		return nil
	}
	if len(args) == 0 {
		return usagef("usage: kaigi user add|list|passwd|deactivate|reset-link (kaigi user --help)")
	}
	sub, ok := map[string]func(context.Context, []string, map[string]string, stdio) error{
		"add": runUserAdd, "list": runUserList, "passwd": runUserPasswd, "deactivate": runUserDeactivate, "reset-link": runUserResetLink,
	}[args[0]]
	if !ok {
		return usagef("kaigi user: unknown subcommand %q; use add, list, passwd, deactivate or reset-link", args[0])
	}
	return sub(ctx, args[1:], env, std)
}

func runUserAdd(ctx context.Context, args []string, env map[string]string, std stdio) error {
	var cfg config
	fs := newFlagSet("user add", "--email E --name N [--password-file F]  (password on stdin otherwise)", std)
	addDBFlag(fs, &cfg, env)
	email := fs.String("email", "", "email address to log in with (required)")
	name := fs.String("name", "", "display name (required)")
	pwFile := fs.String("password-file", "", "read the password from this file instead of stdin")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("user add takes no arguments, got %q", pos[0])
	}
	if *email == "" || *name == "" {
		return usagef("user add needs --email and --name")
	}
	pw, err := readPassword(std.in, *pwFile)
	if err != nil {
		return err
	}
	hash, err := server.HashPassword(pw)
	if err != nil {
		return err
	}
	cfg.Logger = newLogger(std, env)
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	p := data.Person{Name: *name, Email: *email}
	if err := st.CreateUser(ctx, &p, hash); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "user %s <%s> can now log in\n", p.Name, p.Email)
	return nil
}

func runUserList(ctx context.Context, args []string, env map[string]string, std stdio) error {
	var cfg config
	fs := newFlagSet("user list", "", std)
	addDBFlag(fs, &cfg, env)
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("user list takes no arguments, got %q", pos[0])
	}
	cfg.Logger = newLogger(std, env)
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := st.Accounts(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(std.out, "no users yet: kaigi serve prints a setup address, or use kaigi user add")
		return nil
	}
	w := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tNAME\tROLE\tSTATE\tLAST LOGIN")
	for _, a := range all {
		state, login := "active", "-"
		if !a.Active() {
			state = "deactivated " + a.DeactivatedAt.UTC().Format(time.DateOnly)
		}
		if !a.LastLoginAt.IsZero() {
			login = a.LastLoginAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", a.Person.Email, a.Person.Name, a.Role, state, login)
	}
	return w.Flush()
}

// userByEmail opens the store and finds the active user with --email.
func userByEmail(ctx context.Context, name string, args []string, env map[string]string, std stdio, more func(*flag.FlagSet)) (*data.Store, data.User, error) {
	var cfg config
	usage := "--email E"
	if name == "passwd" {
		usage += " [--password-file F]  (password on stdin otherwise)"
	}
	fs := newFlagSet("user "+name, usage, std)
	addDBFlag(fs, &cfg, env)
	email := fs.String("email", "", "the user's email address (required)")
	if more != nil {
		more(fs)
	}
	if pos, err := parseFlags(fs, args); err != nil {
		return nil, data.User{}, err
	} else if len(pos) > 0 {
		return nil, data.User{}, usagef("user %s takes no arguments, got %q", name, pos[0])
	}
	if *email == "" {
		return nil, data.User{}, usagef("user %s needs --email", name)
	}
	cfg.Logger = newLogger(std, env)
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, data.User{}, err
	}
	u, err := st.UserByEmail(ctx, *email)
	if err != nil {
		st.Close()
		return nil, data.User{}, fmt.Errorf("no active user logs in as %s (kaigi user list shows who does)", *email)
	}
	return st, u, nil
}

func runUserPasswd(ctx context.Context, args []string, env map[string]string, std stdio) error {
	var pwFile *string
	st, u, err := userByEmail(ctx, "passwd", args, env, std, func(fs *flag.FlagSet) {
		pwFile = fs.String("password-file", "", "read the password from this file instead of stdin")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	pw, err := readPassword(std.in, *pwFile)
	if err != nil {
		return err
	}
	hash, err := server.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, u.Person.ID, hash, ""); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "the password of %s <%s> is changed; their browsers are logged out\n", u.Person.Name, u.Person.Email)
	return nil
}

func runUserDeactivate(ctx context.Context, args []string, env map[string]string, std stdio) error {
	st, u, err := userByEmail(ctx, "deactivate", args, env, std, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetActive(ctx, u.Person.ID, false); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "%s <%s> can no longer log in; their sessions, API tokens and calendar address stopped\n", u.Person.Name, u.Person.Email)
	return nil
}

// runUserResetLink makes the same one-time reset link an admin makes on
// the admin pages, for a user nobody else can reset (a sole admin). Like
// the web's, it stops the old password at once.
func runUserResetLink(ctx context.Context, args []string, env map[string]string, std stdio) error {
	st, u, err := userByEmail(ctx, "reset-link", args, env, std, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	secret, hash := server.NewSecret()
	const ttl = 24 * time.Hour
	l := data.AccountLink{PersonID: u.Person.ID, TokenHash: hash, CreatedBy: u.Person.ID, ExpiresAt: st.Now().Add(ttl)}
	if err := st.CreateReset(ctx, &l); err != nil {
		return err
	}
	base := env["KAIGI_BASE_URL"]
	if base == "" {
		addr := envOr(env, "KAIGI_ADDR", "127.0.0.1:8080")
		if strings.HasPrefix(addr, ":") {
			addr = "localhost" + addr
		}
		base = "http://" + addr
	}
	fmt.Fprintf(std.out, "Open this address within 24 hours to set a new password for %s (the old one has stopped working):\n%s/reset/%s\n",
		u.Person.Email, strings.TrimRight(base, "/"), secret)
	return nil
}

// readPassword reads the first line of a file or of stdin.
func readPassword(in io.Reader, file string) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("read password file: %w", err)
		}
		defer f.Close()
		in = f
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", data.Invalid("password", "no password given: pipe it on stdin or use --password-file")
	}
	return line, nil
}

// runToken handles "kaigi token create".
func runToken(ctx context.Context, args []string, env map[string]string, std stdio) error {
	const usage = "kaigi token create --email E [--name N]"
	if helpRequested(args) {
		fmt.Fprintln(std.out, "Usage: "+usage)
		return nil
	}
	if len(args) == 0 || args[0] != "create" {
		return usagef("usage: " + usage)
	}
	var cfg config
	fs := newFlagSet("token create", "--email E [--name N]", std)
	addDBFlag(fs, &cfg, env)
	email := fs.String("email", "", "the user the token acts as (required)")
	name := fs.String("name", "api", "what the token is for, e.g. ci")
	if pos, err := parseFlags(fs, args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("token create takes no arguments, got %q", pos[0])
	}
	if *email == "" {
		return usagef("token create needs --email")
	}
	cfg.Logger = newLogger(std, env)
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	secret, hash := server.NewSecret()
	if _, err := st.CreateAPIToken(ctx, *email, *name, hash); err != nil {
		return err
	}
	// The token is shown once; only its hash is stored.
	fmt.Fprintln(std.out, secret)
	return nil
}
