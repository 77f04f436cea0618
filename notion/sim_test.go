package notion

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

var (
	simSeed = flag.Int64("seed", 0, "TestSimulation: run only this seed")
	// The default run stays quick (go test ./... must take well under a
	// minute on a busy machine); CI runs -seeds 200 as a step of its own
	// (.ci/run), and longer runs are in docs/benchmarks.md.
	simSeeds = flag.Int("seeds", 6, "TestSimulation: how many seeds, from 1 (each workspace kind twice; CI runs 200)")
	simOps   = flag.Int("ops", 100, "TestSimulation: random operations per seed")
	simTrace = flag.Bool("simtrace", false, "TestSimulation: on failure, print every operation and the engine's merges and pushes")
)

// TestSimulation drives kaigi and a fake Notion with random edits on both
// sides, deletes, injected faults and crashes (a restart over the same
// SQLite file), then quiesces and checks: converged, no lost edit, no
// duplicate page, every same-field conflict recorded.
func TestSimulation(t *testing.T) {
	seeds := []int64{*simSeed}
	if *simSeed == 0 {
		seeds = nil
		for i := range *simSeeds {
			seeds = append(seeds, int64(i+1))
		}
	}
	var totals simTotals
	t.Cleanup(func() { // after every parallel seed
		t.Logf("%d seeds × %d operations: %d cycles (%d crashed), %d requests to Notion, %d conflicts recorded; %d adopted workspaces; per-page failures: %d values kaigi could not take, %d pages refused for a cycle",
			len(seeds), *simOps, totals.cycles.Load(), totals.crashes.Load(), totals.requests.Load(), totals.conflicts.Load(),
			totals.flavors.Load(), totals.poisoned.Load(), totals.refused.Load())
	})
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			s := newSim(t, seed)
			s.totals = &totals
			if s.flavor == flavorTimee {
				totals.flavors.Add(1)
			}
			defer func() {
				if t.Failed() {
					t.Logf("replay: go test ./notion -run TestSimulation -seed=%d -ops=%d -v", seed, *simOps)
				}
			}()
			for i := range *simOps {
				s.step(i)
				if t.Failed() {
					return
				}
			}
			s.quiesce()
			if !t.Failed() {
				s.check()
			}
		})
	}
}

// simTotals counts what all seeds of one run did, for the benchmark notes.
type simTotals struct {
	cycles, crashes, requests, conflicts atomic.Int64
	poisoned, refused, flavors           atomic.Int64 // per-page failures made; workspaces adopted (Timee-style)
}

// write is one edit of one field, on one side.
type write struct {
	side  string // "kaigi" or "notion"; "store" for the rules' own edits in a cycle (sim_planned_test.go)
	value string // normalized; relation members as "page:ID" until resolved
	seq   int    // order among all edits
}

type sim struct {
	t      *testing.T
	ctx    context.Context
	seed   int64
	rng    *rand.Rand
	fake   *notionfake.Fake
	url    string
	token  string
	person string
	cfg    *Config
	path   string
	clock  *testclock.Clock
	series data.SeriesID
	store  *data.Store
	engine *Engine
	crash  *crasher
	ids    *rand.ChaCha8 // the random bits of kaigi IDs, so a seed replays exactly
	slot   int           // meetings need distinct start times
	seq    int           // edits so far

	writes map[string]map[string][]write // record key → field → edits in order
	agreed map[string]agreement          // "key field" → the value both sides last settled on
	entity map[string]data.Entity
	log    []string
	totals *simTotals

	flavor       simFlavor
	aiko, tanaka string                 // kaigi people: Aiko is in Notion too, 田中 is not
	poisoned     map[string]data.Entity // "pageID field" → a value kaigi cannot take, set in Notion
	refused      []string               // pages Notion refuses writes to in the next cycle
}

func newSim(t *testing.T, seed int64) *sim {
	s := &sim{t: t, ctx: context.Background(), seed: seed, rng: rand.New(rand.NewPCG(uint64(seed), 0x73696d)),
		writes: map[string]map[string][]write{}, agreed: map[string]agreement{}, entity: map[string]data.Entity{},
		flavor: simFlavor(seed % 3), poisoned: map[string]data.Entity{}}
	s.clock = testclock.New(notionfake.DefaultStart())
	s.fake = notionfake.New(notionfake.Options{Seed: seed, Clock: s.clock})
	srv := s.fake.Start(t)
	s.url = srv.URL
	var bot string
	s.token, bot = s.fake.AddIntegration("kaigi")
	parent := s.fake.CreateSharedPage("", "Team", bot)
	s.person = s.fake.AddPerson("Aiko", "aiko@example.com")
	var idSeed [32]byte
	idSeed[0], idSeed[1] = byte(seed), byte(seed>>8)
	s.ids = rand.NewChaCha8(idSeed)
	s.path = testdb.Path(t)
	network := &http.Transport{}
	t.Cleanup(network.CloseIdleConnections)
	s.crash = &crasher{base: network}
	s.start()
	s.cfg = s.setUpWorkspace(parent)
	s.engine.cfg = s.cfg
	zone := map[bool]string{true: "UTC", false: "Asia/Tokyo"}[s.flavor == flavorInitEnglish]
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: zone}
	if err := s.store.CreateSeries(s.ctx, &sr); err != nil {
		t.Fatal(err)
	}
	s.series = sr.ID
	s.cfg.Series = sr.ID
	for _, p := range []*data.Person{{Name: "Aiko", Email: "aiko@example.com"}, {Name: "田中", Email: "tanaka@example.com"}} {
		if err := s.store.CreatePerson(s.ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	aiko, _ := s.store.PersonByEmail(s.ctx, "aiko@example.com")
	tanaka, _ := s.store.PersonByEmail(s.ctx, "tanaka@example.com")
	s.aiko, s.tanaka = string(aiko.ID), string(tanaka.ID)
	s.logf("workspace: %s", s.flavor)
	return s
}

// start opens the store and a new engine, as a restarted process does.
func (s *sim) start() {
	if s.store != nil {
		s.store.Close()
	}
	st, err := data.Open(s.ctx, s.path, data.Options{Now: s.clock.Now, IDRand: s.ids})
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { st.Close() })
	s.store = st
	tr, err := api.NewTransport(api.TransportOptions{Base: s.crash, BaseURL: s.url, Clock: s.clock, Seed: uint64(s.seed), Burst: 10})
	if err != nil {
		s.t.Fatal(err)
	}
	var logger *slog.Logger
	if *simTrace {
		logger = slog.New(slog.NewTextHandler(logWriter{s}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s.engine = NewEngine(Options{Store: st, Client: api.NewClient(api.NewToken(s.token), tr), Config: s.cfg, Clock: s.clock,
		ReconcileEvery: 1 + s.rng.IntN(4), Logger: logger})
}

// crasher is the network under the transport; armed, it kills the process
// (cancels the cycle) right after the n-th request reached Notion.
type crasher struct {
	base   http.RoundTripper
	mu     sync.Mutex
	left   int
	cancel context.CancelFunc
	hit    bool
}

func (c *crasher) arm(n int, cancel context.CancelFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.left, c.cancel, c.hit = n, cancel, false
}

func (c *crasher) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left > 0 {
		c.left--
		if c.left == 0 {
			c.hit = true
			c.cancel()
			if resp != nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			return nil, context.Canceled
		}
	}
	return resp, err
}

// logWriter files the engine's log lines among the operations.
type logWriter struct{ s *sim }

func (w logWriter) Write(p []byte) (int, error) {
	w.s.log = append(w.s.log, "    engine: "+strings.TrimSpace(string(p)))
	return len(p), nil
}

func (s *sim) logf(format string, args ...any) {
	s.log = append(s.log, fmt.Sprintf(format, args...))
}

func (s *sim) fail(format string, args ...any) {
	s.t.Helper()
	tail := s.log[max(0, len(s.log)-60):]
	if *simTrace {
		tail = s.log
	}
	s.t.Errorf("seed %d: %s\nlast operations:\n  %s", s.seed, fmt.Sprintf(format, args...), strings.Join(tail, "\n  "))
}

func (s *sim) step(i int) {
	switch r := s.rng.IntN(110); {
	case r < 12:
		s.localCreate()
	case r < 36:
		s.localUpdate()
	case r < 41:
		s.localDelete(true)
	case r < 44:
		s.localDelete(false)
	case r < 66:
		s.notionEdit()
	case r < 71:
		s.notionCreate()
	case r < 75:
		s.notionTrash(true)
	case r < 78:
		s.notionTrash(false)
	case r < 90:
		s.sync(true)
	case r < 100:
		d := time.Duration(10+s.rng.IntN(170)) * time.Second
		s.fake.Advance(d)
		s.logf("%d: wait %s", i, d)
	case r < 103:
		s.poison()
	case r < 105:
		s.fixPoisoned(false)
	case r < 107:
		s.refuse()
	case r < 108:
		s.addCancelled()
	default:
		d := time.Duration(10+s.rng.IntN(170)) * time.Second
		s.fake.Advance(d)
		s.logf("%d: wait %s", i, d)
	}
}

// --- kaigi side ---

var simWords = []string{"cache", "Redis", "*cost*", "**ship it**", "`make`", "~~old~~", "[RFC](https://example.com/rfc)", "キャッシュ", "2*3", "plan"}

func (s *sim) text() string {
	n := 1 + s.rng.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = simWords[s.rng.IntN(len(simWords))]
	}
	return strings.Join(parts, " ")
}

func (s *sim) title() string {
	return fmt.Sprintf("T%d %s", s.rng.IntN(1000), strings.Trim(s.text(), "*`~[]"))
}

func (s *sim) body() string {
	var blocks []string
	for range s.rng.IntN(4) {
		switch s.rng.IntN(4) {
		case 0:
			blocks = append(blocks, "- "+s.text()+"\n- "+s.text())
		case 1:
			blocks = append(blocks, "## "+s.text())
		default:
			blocks = append(blocks, s.text())
		}
	}
	return strings.Join(blocks, "\n\n")
}

func pick[T any](rng *rand.Rand, list []T) (T, bool) {
	var zero T
	if len(list) == 0 {
		return zero, false
	}
	return list[rng.IntN(len(list))], true
}

// live lists live local records of an entity, in ID order.
func (s *sim) live(e data.Entity) []string {
	ids, err := s.store.RecordIDs(s.ctx, e, false)
	if err != nil {
		s.t.Fatal(err)
	}
	return ids
}

// deleted lists the records of an entity in the kaigi trash, in ID order.
func (s *sim) deleted(e data.Entity) []string {
	ids, err := s.store.RecordIDs(s.ctx, e, true)
	if err != nil {
		s.t.Fatal(err)
	}
	return ids
}

var simEntities = []data.Entity{data.EntityAgenda, data.EntityAgenda, data.EntityTask, data.EntityTask, data.EntityMeeting, data.EntityDecision, data.EntityLADR}

func (s *sim) localCreate() {
	e, _ := pick(s.rng, s.entities())
	var id string
	var err error
	f := merge.Fields{"title": s.title()}
	switch e {
	case data.EntityAgenda:
		a := data.Agenda{SeriesID: s.series, Title: f["title"], Body: s.body()}
		err = s.store.CreateAgenda(s.ctx, &a, "")
		id, f["body"] = string(a.ID), a.Body
	case data.EntityTask:
		tk := data.Task{SeriesID: s.series, Title: f["title"]}
		if ag, ok := pick(s.rng, s.live(data.EntityAgenda)); ok && s.rng.IntN(2) == 0 {
			tk.AgendaID = data.AgendaID(ag)
		}
		err = s.store.CreateTask(s.ctx, &tk)
		id, f["agenda"] = string(tk.ID), string(tk.AgendaID)
	case data.EntityMeeting:
		s.slot++
		m := data.Meeting{SeriesID: s.series, Title: f["title"], StartsAt: time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC).Add(time.Duration(s.slot) * time.Hour), Notes: s.body()}
		err = s.store.CreateMeeting(s.ctx, &m)
		id, f["notes"] = string(m.ID), m.Notes
	case data.EntityDecision:
		d := data.Decision{Title: f["title"], Body: s.body(), SeriesID: s.series}
		if ag, ok := pick(s.rng, s.live(data.EntityAgenda)); ok {
			d.AgendaID = data.AgendaID(ag)
		}
		err = s.store.CreateDecision(s.ctx, &d)
		id, f["body"], f["agenda"] = string(d.ID), d.Body, string(d.AgendaID)
	case data.EntityLADR:
		l := data.LADR{Title: f["title"], Context: s.text(), Decision: s.text()}
		err = s.store.CreateLADR(s.ctx, &l)
		id = string(l.ID)
		f["sections"] = codec.LADRBody(l)
	}
	if err != nil {
		s.t.Fatalf("create %s: %v", e, err)
	}
	s.entity[id] = e
	stored, err := s.kaigiValues(e, id)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, k := range s.creationFields(e, f) {
		s.record(id, k, "kaigi", stored[k])
	}
	s.logf("kaigi create %s %s %v", e, id, f)
}

// editable are the fields the simulation edits, by entity.
var editable = map[data.Entity][]string{
	data.EntityAgenda:   {"title", "state", "priority", "body"},
	data.EntityTask:     {"title", "state", "due", "assignee", "agenda"},
	data.EntityMeeting:  {"title", "state", "notes", "agendas"},
	data.EntityDecision: {"title", "state", "body", "agenda"},
	data.EntityLADR:     {"title", "state", "sections"},
}

// creationFields are the fields a new record starts with: those given, and
// every field the simulation edits (at its default), so that each settles
// from the record's first sync on.
func (s *sim) creationFields(e data.Entity, given merge.Fields) []string {
	names := s.editableOf(e)
	for k := range given {
		if !slices.Contains(names, k) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

func (s *sim) value(e data.Entity, field string, notion bool) string {
	switch field {
	case "title":
		return s.title()
	case "body", "notes":
		return blocks.Normalize(s.body())
	case "sections":
		return codec.LADRBody(data.LADR{Context: s.text(), Consequences: s.text()})
	case "due":
		return fmt.Sprintf("2025-03-%02d", 1+s.rng.IntN(28))
	case "state", "priority":
		return s.optionValue(e, field, notion)
	case "assignee":
		return s.assigneeValue(notion)
	case "agenda":
		if s.rng.IntN(4) == 0 {
			return ""
		}
		return s.agendaRef(notion)
	case "agendas":
		var refs []string
		for range s.rng.IntN(4) {
			if r := s.agendaRef(notion); r != "" {
				refs = append(refs, r)
			}
		}
		return codec.JoinList(refs)
	}
	panic(field)
}

// agendaRef picks a live agenda: a local ID for kaigi, "page:ID" for Notion
// (an agenda that has a live page).
func (s *sim) agendaRef(notion bool) string {
	if !notion {
		id, _ := pick(s.rng, s.live(data.EntityAgenda))
		return id
	}
	var pages []string
	for _, p := range s.fake.DatabasePages(s.cfg.Databases[data.EntityAgenda].ID, false) {
		pages = append(pages, p["id"].(string))
	}
	id, ok := pick(s.rng, pages)
	if !ok {
		return ""
	}
	return "page:" + id
}

func (s *sim) localUpdate() {
	e, _ := pick(s.rng, s.entities())
	id, ok := pick(s.rng, s.live(e))
	if !ok {
		return
	}
	field, _ := pick(s.rng, s.editableOf(e))
	v := s.value(e, field, false)
	before, err := s.kaigiValues(e, id)
	if err != nil {
		s.t.Fatal(err)
	}
	var world plannedWorld
	if e == data.EntityMeeting {
		world = s.plannedWorld()
	}
	if _, err := s.engine.records.write(s.ctx, e, id, merge.Fields{field: v}, s.clock.Now()); err != nil {
		if data.ErrorCode(err) == data.EINVALID {
			return // e.g. an agenda of a meeting: not every random value is valid
		}
		if data.ErrorCode(err) == data.ECONFLICT && data.ErrorField(err) == "state" {
			return // a held meeting's minutes are read-only for people in kaigi (issue 10)
		}
		s.t.Fatalf("kaigi update %s %s %s: %v", e, id, field, err)
	}
	after, _ := s.kaigiValues(e, id)
	if after[field] == before[field] {
		return
	}
	s.entity[id] = e
	s.record(id, field, "kaigi", after[field])
	s.logf("kaigi update %s %s %s=%q", e, id, field, after[field])
	if e == data.EntityMeeting {
		s.plannedEffects(world, map[bool]string{true: id}[field == "agendas"], false)
	}
}

func (s *sim) localDelete(del bool) {
	e, _ := pick(s.rng, s.entities())
	list := s.live(e)
	if !del {
		list = s.deleted(e)
	}
	id, ok := pick(s.rng, list)
	if !ok {
		return
	}
	var world plannedWorld
	if e == data.EntityMeeting {
		world = s.plannedWorld()
	}
	if err := s.store.SetDeleted(s.ctx, e, id, del); err != nil {
		s.t.Fatal(err)
	}
	s.logf("kaigi delete=%v %s %s", del, e, id)
	if e == data.EntityMeeting {
		s.plannedEffects(world, "", false)
	}
}

// --- Notion side ---

func (s *sim) pages(e data.Entity, trashed bool) []map[string]any {
	var out []map[string]any
	for _, p := range s.fake.DatabasePages(s.cfg.Databases[e].ID, true) {
		if p["in_trash"] == trashed {
			out = append(out, p)
		}
	}
	return out
}

// key names a record in the model: its kaigi ID once it has one.
func (s *sim) key(pageID string) string {
	if l, ok, _ := s.state().LinkByPage(s.ctx, pageID); ok {
		return l.LocalID
	}
	return "page:" + pageID
}

func (s *sim) notionEdit() {
	e, _ := pick(s.rng, s.entities())
	p, ok := pick(s.rng, s.pages(e, false))
	if !ok {
		return
	}
	pageID := p["id"].(string)
	field, _ := pick(s.rng, s.editableOf(e))
	v := s.value(e, field, true)
	ed := s.fake.As(s.person)
	dc := s.cfg.Databases[e]
	s.entity[s.key(pageID)] = e // sideValue reads the page by its entity
	prior := s.sideValue(s.key(pageID), field, "notion")
	var err error
	switch field {
	case "body", "notes", "sections":
		items := []any{}
		for _, b := range blocks.Parse(v) {
			items = append(items, blocks.Encode(b))
		}
		_, err = ed.ReplaceBlocks(pageID, items)
	default:
		err = ed.UpdateProperties(pageID, map[string]any{dc.Properties[field]: s.propWrite(e, field, v)})
	}
	if err != nil {
		s.t.Fatalf("notion edit %s %s: %v", pageID, field, err)
	}
	if s.resolve(prior) == s.resolve(v) {
		return // the same value again changes nothing
	}
	s.record(s.key(pageID), field, "notion", v)
	s.logf("notion edit %s page %s (%s) %s=%q", e, pageID, s.key(pageID), field, v)
}

func (s *sim) propWrite(e data.Entity, field, v string) map[string]any {
	switch field {
	case "title":
		return map[string]any{"title": blocks.TextItems(v)}
	case "state", "priority":
		w := s.optionOf(e, field, v)
		if w == nil {
			s.t.Fatalf("%s %s %q has no option in Notion", e, field, v)
		}
		return w
	case "assignee":
		return s.peopleWrite(v)
	case "due":
		return api.DateValue(v)
	case "agenda", "agendas":
		var ids []string
		for _, r := range codec.SplitList(v) {
			ids = append(ids, strings.TrimPrefix(r, "page:"))
		}
		return api.RefsValue("relation", ids)
	}
	panic(field)
}

func (s *sim) notionCreate() {
	e, _ := pick(s.rng, []data.Entity{data.EntityAgenda, data.EntityTask})
	f := merge.Fields{"title": s.title(), "state": s.value(e, "state", true)}
	props := map[string]any{}
	dc := s.cfg.Databases[e]
	for k, v := range f {
		props[dc.Properties[k]] = s.propWrite(e, k, v)
	}
	id, err := s.fake.As(s.person).CreatePage(dc.ID, props)
	if err != nil {
		s.t.Fatalf("notion create: %v", err)
	}
	made := s.pageFields(e, id)
	for _, k := range s.creationFields(e, f) {
		s.record("page:"+id, k, "notion", made[k])
	}
	s.entity["page:"+id] = e
	s.logf("notion create %s page %s %v", e, id, f)
}

func (s *sim) notionTrash(trash bool) {
	e, _ := pick(s.rng, s.entities())
	p, ok := pick(s.rng, s.pages(e, !trash))
	if !ok {
		return
	}
	id := p["id"].(string)
	ed := s.fake.As(s.person)
	err := ed.Restore(id)
	if trash {
		err = ed.Trash(id)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.logf("notion trash=%v %s page %s (%s)", trash, e, id, s.key(id))
}

// --- the model ---

// record notes an edit. Edits are judged when the field settles (see settle).
func (s *sim) record(key, field, side, v string) {
	s.unify()
	if s.writes[key] == nil {
		s.writes[key] = map[string][]write{}
	}
	s.seq++
	s.writes[key][field] = append(s.writes[key][field], write{side: side, value: v, seq: s.seq})
}

// unify files the edits of a page made in Notion under its kaigi ID once
// the page has become a kaigi record.
func (s *sim) unify() {
	for key, fields := range s.writes {
		pageID, ok := strings.CutPrefix(key, "page:")
		if !ok {
			continue
		}
		id := s.key(pageID)
		if id == key {
			continue
		}
		if s.writes[id] == nil {
			s.writes[id] = map[string][]write{}
		}
		for f, list := range fields {
			// In edit order: the page may be one kaigi created and lost the answer to.
			merged := append(list, s.writes[id][f]...)
			slices.SortFunc(merged, func(a, b write) int { return a.seq - b.seq })
			s.writes[id][f] = merged
		}
		s.entity[id] = s.entity[key]
		delete(s.writes, key)
	}
}

// sideValue is a field's current value on one side, in model terms.
func (s *sim) sideValue(key, field, side string) string {
	e := s.entity[key]
	if side == "kaigi" {
		if strings.HasPrefix(key, "page:") {
			return "\x00absent"
		}
		f, err := s.kaigiValues(e, key)
		if err != nil {
			return "\x00absent"
		}
		return f[field]
	}
	pageID := strings.TrimPrefix(key, "page:")
	if !strings.HasPrefix(key, "page:") {
		l, ok, _ := s.state().LinkByLocal(s.ctx, e, key)
		if !ok {
			return "\x00absent"
		}
		pageID = l.PageID
	}
	f := s.pageFields(e, pageID)
	if f == nil {
		return "\x00absent"
	}
	return f[field]
}

// resolve maps "page:ID" relation members to kaigi IDs where linked.
func (s *sim) resolve(v string) string {
	if !strings.Contains(v, "page:") {
		return v
	}
	var out []string
	for _, r := range codec.SplitList(v) {
		if id, ok := strings.CutPrefix(r, "page:"); ok {
			r = s.key(id)
		}
		out = append(out, r)
	}
	return codec.JoinList(out)
}

// pageFields reads a page from the fake in kaigi's terms: relations as
// kaigi IDs where the related page is linked, "page:ID" where not.
func (s *sim) pageFields(e data.Entity, pageID string) merge.Fields {
	raw, ok := s.fake.Page(pageID)
	if !ok {
		return nil
	}
	b, _ := json.Marshal(raw)
	var pg api.Page
	if err := json.Unmarshal(b, &pg); err != nil {
		s.t.Fatal(err)
	}
	spec, _ := codec.SpecOf(e)
	dc := s.cfg.Databases[e]
	out := merge.Fields{}
	for _, f := range spec.Fields {
		v, mapped := pg.Properties[dc.Properties[f.Name]]
		if !mapped && f.Kind != KindBody {
			continue
		}
		switch f.Kind {
		case KindBody:
			var mds []blocks.Block
			for _, blk := range s.fake.Blocks(pageID) {
				if rb, ok := blocks.Decode(blk); ok {
					mds = append(mds, rb.Block)
				}
			}
			out[f.Name] = blocks.Normalize(blocks.Render(mds))
		case KindRelation:
			var refs []string
			for _, id := range s.fake.RelationIDs(pageID, dc.Properties[f.Name]) {
				refs = append(refs, s.key(id))
			}
			out[f.Name] = codec.JoinList(refs)
		case KindTitle:
			out[f.Name] = api.PlainText(v.Title)
		case KindID, KindText:
			out[f.Name] = cmp.Or(api.PlainText(v.RichText), f.Default)
		case KindSelect:
			out[f.Name] = s.decodeOption(e, f.Name, v)
		case KindDate, KindDateTime, KindEnd:
			out[f.Name] = modelDate(f, v, pg.CreatedTime)
		case KindNumber:
			if v.Number != nil {
				out[f.Name] = fmt.Sprint(*v.Number)
			}
		case KindPeople:
			var ids []string
			for _, u := range v.People {
				ids = append(ids, map[bool]string{true: s.aiko, false: "?" + u.ID}[u.ID == s.person])
			}
			out[f.Name] = codec.JoinList(ids)
		}
	}
	if pg.Trashed() {
		out[merge.Deleted] = "true"
	}
	return out
}

// --- running cycles ---

func (s *sim) sync(chaos bool) Summary {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	if chaos && s.rng.IntN(2) == 0 {
		s.injectFaults()
	}
	for _, page := range s.refused {
		s.fake.InjectFault(notionfake.Fault{Method: "PATCH", PathPrefix: "/v1/pages/" + page, Kind: notionfake.FaultStatus, Status: 400})
	}
	s.refused = nil
	crashAt := 0
	if chaos && s.rng.IntN(3) == 0 {
		crashAt = 1 + s.rng.IntN(25)
		s.crash.arm(crashAt, cancel)
	}
	world := s.plannedWorld()
	sum, err := s.engine.Cycle(ctx, "sim")
	s.crash.mu.Lock()
	crashed := s.crash.hit
	s.crash.mu.Unlock()
	if s.totals != nil {
		s.totals.cycles.Add(1)
		s.totals.requests.Add(sum.Requests)
		s.totals.conflicts.Add(int64(sum.Conflicts))
		if crashed {
			s.totals.crashes.Add(1)
		}
	}
	s.crash.arm(0, nil)
	s.fake.ClearFaults()
	switch {
	case crashed:
		s.logf("sync: crashed after request %d; restart", crashAt)
		s.start()
	case err != nil:
		s.fail("sync failed: %v", err)
	default:
		s.logf("sync: %s", sum)
	}
	if !s.t.Failed() {
		s.plannedEffects(world, "", true)
		s.settle(false)
	}
	return sum
}

func (s *sim) injectFaults() {
	kinds := []notionfake.Fault{
		{Kind: notionfake.FaultStatus, Status: 429, RetryAfter: 1},
		{Kind: notionfake.FaultStatus, Status: 500},
		{Kind: notionfake.FaultStatus, Status: 502},
		{Kind: notionfake.FaultStatus, Status: 503},
		{Kind: notionfake.FaultStatus, Status: 409},
		{Kind: notionfake.FaultLostResponse},
		{Kind: notionfake.FaultAppliedStatus, Status: 502},
	}
	for range 1 + s.rng.IntN(2) {
		f, _ := pick(s.rng, kinds)
		f.Probability = 0.05 + 0.15*s.rng.Float64()
		s.fake.InjectFault(f)
		s.logf("fault %v status %d p=%.2f", f.Kind, f.Status, f.Probability)
	}
}

// quiesce syncs without faults until two cycles in a row change nothing.
func (s *sim) quiesce() {
	s.engine.opts.ReconcileEvery = 1
	s.addCancelled() // people fix what the sync's problems asked them to
	calm := 0
	for range 12 {
		s.fixPoisoned(true)
		s.fake.Advance(3 * time.Minute)
		sum := s.sync(false)
		if s.t.Failed() {
			return
		}
		retry, _ := s.state().RetrySet(s.ctx)
		if sum.Pulled+sum.Pushed+sum.Created+sum.Trashed == 0 && len(retry) == 0 {
			calm++
			if calm == 2 {
				return
			}
		} else {
			calm = 0
		}
	}
	runs, _ := s.engine.Runs(s.ctx, 1)
	s.fail("still changing after 12 quiet cycles; last run: %+v", runs)
}

// --- the checks ---

func (s *sim) check() {
	byKaigiID := map[string]string{}
	for _, spec := range codec.Specs {
		e := spec.Entity
		if s.cfg.Databases[e] == nil {
			continue
		}
		for _, p := range s.fake.DatabasePages(s.cfg.Databases[e].ID, false) {
			pageID := p["id"].(string)
			pf := s.pageFields(e, pageID)
			kid := pf[codec.IDField.Name]
			if kid == "" {
				s.fail("%s page %s has no kaigi ID after quiescing", e, pageID)
				continue
			}
			if other, dup := byKaigiID[kid]; dup {
				s.fail("duplicate pages %s and %s carry kaigi ID %s", other, pageID, kid)
			}
			byKaigiID[kid] = pageID
			if lf, err := s.engine.records.read(s.ctx, e, kid); err != nil || lf[merge.Deleted] != "" {
				s.fail("live %s page %s has no live kaigi record %s (err %v)", e, pageID, kid, err)
			}
		}
		for _, id := range append(s.live(e), s.deleted(e)...) {
			l, ok, err := s.state().LinkByLocal(s.ctx, e, id)
			if err != nil || !ok {
				if lf, _ := s.engine.records.read(s.ctx, e, id); lf[merge.Deleted] == "" {
					s.fail("live %s %s has no page", e, id)
				}
				continue
			}
			local, _ := s.kaigiValues(e, id)
			local, _ = s.engine.codec().Sendable(s.ctx, spec, local) // members in the kaigi trash that never had a page stay in kaigi only
			remote := s.pageFields(e, l.PageID)
			if local[merge.Deleted] != remote[merge.Deleted] {
				s.fail("%s %s: deleted in kaigi %q, in Notion %q", e, id, local[merge.Deleted], remote[merge.Deleted])
			}
			if local[merge.Deleted] != "" {
				continue // Notion takes no edits in the trash; a restore sends them
			}
			for _, f := range s.engine.mapped(spec) {
				if f.PushOnly && remote[f.Name] == "" {
					continue
				}
				if local[f.Name] != remote[f.Name] {
					s.fail("%s %s field %s: kaigi %q, Notion %q", e, id, f.Name, local[f.Name], remote[f.Name])
				}
			}
		}
	}
	s.checkProblems()
	s.settle(true)
}

// checkProblems: after the people fixed what they could, the only standing
// problems are about people (田中 has no Notion account) and pages in the
// trash (nobody edits there).
func (s *sim) checkProblems() {
	problems, err := s.state().Problems(s.ctx, "")
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range problems {
		if p.Kind == "people" {
			continue
		}
		if pg, ok := s.fake.Page(p.PageID); ok && pg["in_trash"] == true {
			continue
		}
		if p.Kind == "gone" {
			continue
		}
		s.fail("standing problem after quiescing: %+v", p)
	}
}

// The model judges edits the way rule 2 defines them: per field, against
// the value both sides last agreed on. A field settles when kaigi and
// Notion hold the same value and the engine has it as the merge base
// (after a cycle, even a crashed one, if it got that far). Edits since the
// last settling are judged by their net effect on each side: a side whose
// last edit brought the field back to the agreed value changed nothing (a
// three-way merge cannot see a value that came and went between two
// syncs); one side changed → its value survives; both changed to
// different values → a conflict row keeps both and the field holds one.
// A field never settled yet (a new record) wants its last edit, or a
// conflict row holding it.

type agreement struct {
	value string
	known bool
}

// settle judges and closes the edits of every field whose sides agree.
// final judges the rest too, against kaigi's value (records in the trash,
// where Notion takes no edits, need not agree).
func (s *sim) settle(final bool) {
	s.unify()
	for _, key := range sortedWriteKeys(s.writes) {
		fields := s.writes[key]
		e := s.entity[key]
		if strings.HasPrefix(key, "page:") {
			if !final {
				continue
			}
			if p, _ := s.fake.Page(strings.TrimPrefix(key, "page:")); p["in_trash"] == true {
				continue // made and trashed in Notion between two pulls: never seen, never a record
			}
			s.fail("%s page %s was edited in Notion and never became a kaigi record", e, key)
			continue
		}
		local, err := s.kaigiValues(e, key)
		if err != nil {
			if final {
				s.fail("edited %s %s is gone from kaigi: %v", e, key, err)
			}
			continue
		}
		l, linked, err := s.state().LinkByLocal(s.ctx, e, key)
		if err != nil {
			s.t.Fatal(err)
		}
		var remote merge.Fields
		if linked {
			remote = s.pageFields(e, l.PageID)
		}
		for field, open := range fields {
			if len(open) == 0 {
				continue
			}
			kv := local[field]
			agreed := linked && remote != nil && remote[field] == kv && l.Base[field] == kv
			if !agreed && !final {
				continue
			}
			s.judge(e, key, field, open, kv)
			if agreed {
				s.agreed[key+" "+field] = agreement{value: kv, known: true}
				fields[field] = nil
			}
		}
	}
}

func (s *sim) judge(e data.Entity, id, field string, open []write, kv string) {
	ag := s.agreed[id+" "+field]
	// The store's own edit in a cycle (see plannedEffects) follows the
	// edits the cycle applied: the edits since are judged against it.
	for i := len(open) - 1; i >= 0; i-- {
		if open[i].side == "store" {
			ag = agreement{value: s.resolve(open[i].value), known: true}
			if open = open[i+1:]; len(open) == 0 {
				if kv != ag.value && !s.conflictHolds(e, id, field, ag.value) {
					s.fail("lost edit: %s %s %s last set by the store to %q, kaigi has %q and no conflict records it", e, id, field, ag.value, kv)
				}
				return
			}
			break
		}
	}
	last := map[string]string{}
	for _, w := range open {
		last[w.side] = s.resolve(w.value)
	}
	want := s.resolve(open[len(open)-1].value)
	if ag.known {
		k, kOK := last["kaigi"]
		n, nOK := last["notion"]
		kChanged, nChanged := kOK && k != ag.value, nOK && n != ag.value
		switch {
		case kChanged && nChanged && k != n:
			if !s.conflictHolds(e, id, field, "") {
				s.fail("same-field edits of %s %s %s (kaigi %q, Notion %q, agreed before %q) were not recorded as a conflict", e, id, field, k, n, ag.value)
			} else if kv != k && kv != n {
				s.fail("%s %s %s holds %q after a conflict between kaigi %q and Notion %q", e, id, field, kv, k, n)
			}
			return
		case kChanged:
			want = k
		case nChanged:
			want = n
		default:
			want = ag.value // every edit was undone on its own side
		}
	}
	if kv != want && !s.conflictHolds(e, id, field, want) {
		s.fail("lost edit: %s %s %s last set to %q (edits %v), kaigi has %q and no conflict records it", e, id, field, want, open, kv)
	}
}

func sortedWriteKeys(m map[string]map[string][]write) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// conflictHolds finds a conflict row for the field, keeping value as one of
// its sides when value is not empty.
func (s *sim) conflictHolds(e data.Entity, id, field, value string) bool {
	all, err := s.state().ConflictsOf(s.ctx, e, id)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, c := range all {
		if c.Field == field && (value == "" || c.LocalValue == value || c.NotionValue == value) {
			return true
		}
	}
	return false
}

// state is the sync's state in the simulation's database.
func (s *sim) state() *syncdb.DB { return syncdb.New(s.store) }

// modelDate is a page's date in kaigi's terms, as the codec reads it:
// date-only stays YYYY-MM-DD, a date with time is UTC RFC 3339, an end is
// the date's end, an empty required date is when the page was made.
func modelDate(f FieldSpec, v api.PropValue, created time.Time) string {
	start := ""
	if v.Date != nil {
		start = v.Date.Start
		if f.Kind == KindEnd {
			start = v.Date.End
		}
	}
	switch {
	case start == "" && f.Kind != KindEnd && f.Default == codec.PageCreated && f.Kind == KindDate:
		return data.DateOf(created).String()
	case start == "" && f.Kind != KindEnd && f.Default == codec.PageCreated:
		return created.UTC().Truncate(time.Minute).Format(time.RFC3339)
	case start == "":
		return ""
	case f.Kind == KindDate:
		return start[:min(len(start), 10)]
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, start); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return start
}
