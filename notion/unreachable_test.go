package notion

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// TestUnreachableNotionStopsTheCycle: when Notion cannot be reached at
// all, the sync stops at its first request (three quick tries) instead of
// trying every database in turn, and the task made meanwhile is pushed,
// once, when Notion is back.
func TestUnreachableNotionStopsTheCycle(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 7, nil)
	task := data.Task{SeriesID: h.series, Title: "ネットワークが戻ったら送る"}
	if err := h.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: closed, Clock: h.clock})
	if err != nil {
		t.Fatal(err)
	}
	offline := api.NewClient(api.NewToken(h.token), tr)
	_, err = NewEngine(Options{Store: h.store, Client: offline, Config: h.cfg, Clock: h.clock}).Cycle(ctx, "test")
	if !errors.Is(err, api.ErrUnreachable) {
		t.Fatalf("cycle against a closed port: %v, want ErrUnreachable", err)
	}
	if n := offline.Stats().Requests; n > 3 {
		t.Errorf("the cycle made %d requests to a Notion it could not reach, want it to stop after the first one's 3 tries", n)
	}
	h.cycle()
	h.cycle()
	if n := len(h.fake.DatabasePages(h.db(data.EntityTask), false)); n != 1 {
		t.Errorf("%d pages of the task made while Notion was unreachable, want 1", n)
	}
}
