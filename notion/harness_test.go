package notion

import (
	"context"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// harness is kaigi with a store, linked to a fresh fake workspace.
type harness struct {
	t      *testing.T
	clock  *testclock.Clock // the fake's and kaigi's: sleeping advances it, so rate limits and backoff cost no real time
	fake   *notionfake.Fake
	store  *data.Store
	engine *Engine
	client *api.Client
	cfg    *Config
	series data.SeriesID
	person string // a Notion person who edits pages
	url    string // the fake's address
	token  string // kaigi's integration token
}

func newHarness(t *testing.T, seed int64, limit *notionfake.RateLimit) *harness {
	t.Helper()
	ctx := context.Background()
	clock := testclock.New(notionfake.DefaultStart())
	fake := notionfake.New(notionfake.Options{Seed: seed, RateLimit: limit, Clock: clock})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "Team", bot)
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: clock, Seed: uint64(seed), Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	client := api.NewClient(api.NewToken(token), tr)
	cfg, err := Init(ctx, client, parent, merge.WinnerNotion, LangEnglish, data.PriorityLevels)
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	h := &harness{t: t, clock: clock, fake: fake, client: client, cfg: cfg, url: srv.URL, token: token}
	h.person = fake.AddPerson("Aiko", "aiko@example.com")
	h.openStore(testdb.Path(t), clock)
	s := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := h.store.CreateSeries(ctx, &s); err != nil {
		t.Fatal(err)
	}
	h.series = s.ID
	h.cycle() // the series has its page before the test begins
	return h
}

func (h *harness) openStore(path string, clock *testclock.Clock) {
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
	l, ok, err := h.state().LinkByLocal(context.Background(), e, id)
	if err != nil || !ok {
		h.t.Fatalf("%s %s has no page (err %v)", e, id, err)
	}
	return l.PageID
}

// state is the sync's state in the harness's database.
func (h *harness) state() *syncdb.DB { return syncdb.New(h.store) }

// conflictsOn lists every conflict, resolved ones included, of one field of a record.
func (h *harness) conflictsOn(e data.Entity, id, field string) []syncdb.Conflict {
	h.t.Helper()
	all, err := h.state().ConflictsOf(context.Background(), e, id)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []syncdb.Conflict
	for _, c := range all {
		if c.Field == field {
			out = append(out, c)
		}
	}
	return out
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

// optionWrite is a person's edit in Notion that sets a select, status or
// checkbox field to the option kaigi's value v maps to.
func (h *harness) optionWrite(e data.Entity, field, v string) map[string]any {
	h.t.Helper()
	dc := h.cfg.Databases[e]
	entry, ok := dc.Values[field].Write(v)
	if !ok {
		h.t.Fatalf("%s %s %q has no option", e, field, v)
	}
	prop := dc.Properties[field]
	return map[string]any{prop: api.OptionByID(dc.Types[prop], entry.ID, entry.Notion)}
}

func syncdbOf(st *data.Store) *syncdb.DB { return syncdb.New(st) }
