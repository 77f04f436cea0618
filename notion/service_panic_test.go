package notion

import (
	"context"
	"net/http"
	"testing"

	"github.com/kaigi-dev/kaigi/internal/jobs"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// panicking is a network layer with a bug.
type panicking struct{}

func (panicking) RoundTrip(*http.Request) (*http.Response, error) { panic("transport bug") }

// TestPanicInBackgroundCyclesIsRecovered: a cycle started by Sync now and
// one started by a webhook panic; the runner recovers and counts both,
// and the lease and the service are free for the next cycle.
func TestPanicInBackgroundCyclesIsRecovered(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 26, nil)
	newTask(t, h, "Renew the domain")
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: h.url, Clock: h.clock, Base: panicking{}})
	if err != nil {
		t.Fatal(err)
	}
	runner := jobs.New(nil)
	svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: api.NewClient(api.NewToken(h.token), tr), Config: h.cfg, Clock: h.clock},
		Runner: runner})
	if err := svc.SyncNow(ctx, "web"); err != nil {
		t.Fatal(err)
	}
	runner.Wait() // the runner's, not svc.Wait: it returns once the panic is counted
	svc.PullSoon(ctx)
	runner.Wait()
	if got := runner.Panics(); got["notion sync (web)"] != 1 || got["notion webhook pull"] != 1 {
		t.Fatalf("panics counted %v, want one Sync now and one webhook pull", got)
	}
	if err := svc.SyncNow(ctx, "web"); err != nil {
		t.Fatalf("Sync now after a panicked cycle: %v", err)
	}
	svc.Wait()
	if sum := h.cycle(); sum.Created != 1 { // the lease was freed
		t.Fatalf("a cycle after the panics: %s", sum)
	}
}
