package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// runNotionFake implements `kaigi notion fake`: a local fake Notion API for trying kaigi's
// sync without a Notion account.
func runNotionFake(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kaigi notion fake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:7878", "listen address")
	state := fs.String("state", "", "JSON file the fake workspace is loaded from and saved to")
	rate := fs.Float64("rate", 3, "average requests per second allowed per token (negative: unlimited)")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: kaigi notion fake [--addr host:port] [--state FILE] [--rate N]\n\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	fs.Usage = func() { usage(stdout) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("notion fake takes no arguments, got %q", fs.Arg(0))
	}
	return notionfake.RunStandalone(ctx, notionfake.StandaloneOptions{Addr: *addr, StateFile: *state, Rate: *rate}, stdout)
}
