package main

import (
	"strings"
	"testing"
)

// everyCommand is each command and subcommand a person can ask for help.
var everyCommand = [][]string{
	{"serve"}, {"meeting"}, {"meeting", "next"}, {"backup"}, {"restore"}, {"version"}, {"sync"},
	{"user"}, {"user", "add"}, {"token"}, {"token", "create"},
	{"ladr"}, {"ladr", "render"}, {"ladr", "import"}, {"ladr", "export"}, {"ladr", "index"}, {"ladr", "lint"}, {"ladr", "pr"},
	{"notion"}, {"notion", "init"}, {"notion", "adopt"}, {"notion", "webhook-reset"}, {"notion", "fake"},
}

func TestEveryHelpPrintsItsOwnUsageAndExitsZero(t *testing.T) {
	env := testEnv(t)
	for _, cmd := range everyCommand {
		for _, flag := range []string{"--help", "-h"} {
			out, _, err := runKaigi(t, env, append(append([]string{}, cmd...), flag)...)
			name := strings.Join(cmd, " ")
			if err != nil {
				t.Errorf("kaigi %s %s: %v (exit %d), want exit 0", name, flag, err, exitCode(err))
			}
			if !strings.Contains(out, "Usage: kaigi "+name) && !strings.Contains(out, "Usage: printf 'password\\n' | kaigi "+name) {
				t.Errorf("kaigi %s %s printed no usage of its own on stdout:\n%s", name, flag, out)
			}
		}
	}
	// The top level lists every command, LADR's render included.
	out, _, err := runKaigi(t, env, "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serve", "meeting", "backup", "restore", "version", "sync", "user", "token", "notion", "ladr", "render"} {
		if !strings.Contains(out, want) {
			t.Errorf("kaigi --help does not mention %q:\n%s", want, out)
		}
	}
}
