package notion

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// fakeClock is the fake Notion's manual clock; sleeping advances it, so
// rate limits and backoff cost no real time.
type fakeClock struct{ f *notionfake.Fake }

func (c fakeClock) Now() time.Time { return c.f.Now() }
func (c fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.f.Advance(d)
	return ctx.Err()
}

// harness is kaigi with a store, linked to a fresh fake workspace.
type harness struct {
	t      *testing.T
	fake   *notionfake.Fake
	store  *data.Store
	engine *Engine
	client *Client
	cfg    *Config
	series data.SeriesID
	person string // a Notion person who edits pages
	url    string // the fake's address
	token  string // kaigi's integration token
}

func newHarness(t *testing.T, seed int64, limit *notionfake.RateLimit) *harness {
	t.Helper()
	ctx := context.Background()
	fake := notionfake.New(notionfake.Options{Seed: seed, RateLimit: limit})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "Team", bot)
	clock := fakeClock{fake}
	tr, err := NewTransport(TransportOptions{BaseURL: srv.URL, Clock: clock, Seed: uint64(seed), Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	client := NewClient(NewToken(token), tr)
	cfg, err := Init(ctx, client, parent, WinnerNotion)
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	h := &harness{t: t, fake: fake, client: client, cfg: cfg, url: srv.URL, token: token}
	h.person = fake.AddPerson("Aiko", "aiko@example.com")
	h.openStore(filepath.Join(t.TempDir(), "kaigi.db"), clock)
	s := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := h.store.CreateSeries(ctx, &s); err != nil {
		t.Fatal(err)
	}
	h.series = s.ID
	return h
}

func (h *harness) openStore(path string, clock Clock) {
	st, err := data.Open(context.Background(), path, data.Options{Now: clock.Now})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { st.Close() })
	h.store = st
	h.engine = NewEngine(Options{Store: st, Client: h.client, Config: h.cfg, Clock: clock})
}

func (h *harness) cycle() Summary {
	h.t.Helper()
	sum, err := h.engine.Cycle(context.Background(), "test")
	if err != nil {
		h.t.Fatalf("sync: %v", err)
	}
	return sum
}

func (h *harness) db(e data.Entity) string { return h.cfg.Databases[e].ID }

// pageOf returns the linked page ID of a record.
func (h *harness) pageOf(e data.Entity, id string) string {
	h.t.Helper()
	l, ok, err := linkByLocal(context.Background(), h.store.DB(), e, id)
	if err != nil || !ok {
		h.t.Fatalf("%s %s has no page (err %v)", e, id, err)
	}
	return l.PageID
}

func title(s string) map[string]any {
	return map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": s}}}}
}

func propText(p map[string]any, name string) string {
	props, _ := p["properties"].(map[string]any)
	v, _ := props[name].(map[string]any)
	typ, _ := v["type"].(string)
	items, _ := v[typ].([]any)
	out := ""
	for _, it := range items {
		m, _ := it.(map[string]any)
		s, _ := m["plain_text"].(string)
		out += s
	}
	return out
}
