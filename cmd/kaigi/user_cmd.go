package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// runUser handles "kaigi user add".
func runUser(ctx context.Context, args []string, env map[string]string, std stdio) error {
	const usage = "printf 'password\\n' | kaigi user add --email E --name N [--password-file F]"
	if helpRequested(args) {
		fmt.Fprintln(std.out, "Usage: "+usage)
		return nil
	}
	if len(args) == 0 || args[0] != "add" {
		return usagef("usage: " + usage)
	}
	var cfg config
	fs := newFlagSet("user add", "--email E --name N [--password-file F]  (password on stdin otherwise)", std)
	addDBFlag(fs, &cfg, env)
	email := fs.String("email", "", "email address to log in with (required)")
	name := fs.String("name", "", "display name (required)")
	pwFile := fs.String("password-file", "", "read the password from this file instead of stdin")
	if pos, err := parseFlags(fs, args[1:]); err != nil {
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
