package notion

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/codec"
)

func rel(ids ...string) map[string]any {
	var refs []any
	for _, id := range ids {
		refs = append(refs, map[string]any{"id": id})
	}
	return map[string]any{"relation": refs}
}

// teamPages are what the team wrote in Notion before kaigi came.
type teamPages struct {
	cache, logs, template, meeting, estimate, decision string
}

func (r *timeeRig) fillIn() teamPages {
	r.t.Helper()
	ed := r.fake.As(r.sato)
	mk := func(db string, props map[string]any) string {
		r.t.Helper()
		id, err := ed.CreatePage(db, props)
		if err != nil {
			r.t.Fatal(err)
		}
		return id
	}
	sato := map[string]any{"people": []any{map[string]any{"id": r.sato}}}
	var p teamPages
	p.cache = mk(r.ws.agendas, map[string]any{"名前": title("キャッシュの方針"), "優先度": map[string]any{"select": map[string]any{"name": "高"}}, "担当者": sato})
	p.logs = mk(r.ws.agendas, map[string]any{"名前": title("ログ基盤"), "優先度": map[string]any{"select": map[string]any{"name": "低"}},
		"解決済み": map[string]any{"checkbox": true}})
	p.template = mk(r.ws.agendas, map[string]any{"名前": title("議事録のテンプレート")}) // no priority: nobody set one
	p.meeting = mk(r.ws.meetings, map[string]any{"名前": title("定例 1/13"), "議題": rel(p.cache, p.logs, p.template),
		"日付": map[string]any{"date": map[string]any{"start": "2026-01-13T10:00:00", "end": "2026-01-13T11:00:00", "time_zone": "Asia/Tokyo"}}})
	p.estimate = mk(r.ws.tasks, map[string]any{"名前": title("見積もりを出す"), "ステータス": map[string]any{"status": map[string]any{"name": "進行中"}},
		"期限": map[string]any{"date": map[string]any{"start": "2026-01-20"}}, "担当者": sato, "議題": rel(p.cache), "会議": rel(p.meeting)})
	p.decision = mk(r.ws.decisions, map[string]any{"名前": title("Redis を使う"), "日付": map[string]any{"date": map[string]any{"start": "2026-01-13"}},
		"会議": rel(p.meeting), "議題": rel(p.cache)})
	return p
}

// onlyProperties fails unless every page write since from names exactly the
// given properties (and no other), and no schema changed.
func (r *timeeRig) onlyProperties(from int, want ...string) {
	r.t.Helper()
	for _, w := range r.writes(from) {
		if !strings.HasPrefix(w.Path, "/v1/pages/") || w.Method != "PATCH" {
			r.t.Fatalf("%s %s: a write other than a page update (%s)", w.Method, w.Path, w.Body)
		}
		var body struct{ Properties map[string]any }
		if err := json.Unmarshal(w.Body, &body); err != nil {
			r.t.Fatal(err)
		}
		for name := range body.Properties {
			if !slices.Contains(want, name) {
				r.t.Fatalf("kaigi wrote %s, which nobody edited: %s", name, w.Body)
			}
		}
	}
}

// TestTimeeWorkspaceAdoptedAndSyncedBothWays: a Japanese team's hand-made
// databases (名前, 日付, 優先度 高/中/低, ステータス 未着手/進行中/完了 as a
// status, 解決済み, 期限, 担当者, two-way relations) are adopted and synced
// both ways; kaigi writes nothing nobody edited (the request log says so).
func TestTimeeWorkspaceAdoptedAndSyncedBothWays(t *testing.T) {
	ctx := context.Background()
	r := newTimeeRig(t)
	pages := r.fillIn()

	// The dry run shows every value map whole and changes nothing.
	before := len(r.fake.Requests())
	_, rep := r.adopt(true)
	if len(r.writes(before)) != 0 {
		t.Fatalf("the dry run wrote: %v", r.writes(before))
	}
	for _, want := range [][]string{
		{"Agendas: priority → 優先度", "1 = 高", "2 = 中", "3 = 低"},
		{"Tasks: state → ステータス (status)", "todo = 未着手", "doing = 進行中", "done = 完了"},
		{"Agendas: state → 解決済み (checkbox)", "resolved = true"},
	} {
		if !hasLine(rep.Values, want...) {
			t.Errorf("the dry run's value maps %q lack %q", rep.Values, want)
		}
	}
	if !hasLine(rep.Notes, "priority", `"4"`, "最低") || !hasLine(rep.Notes, "cancelled", "ステータス") {
		t.Errorf("the dry run does not say what has no option: %q", rep.Notes)
	}

	// Adopted: the mapping, value maps included, is an editable file.
	r.start()
	path := filepath.Join(t.TempDir(), "kaigi-notion.json")
	if err := r.cfg.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadConfig(path)
	if err != nil || writes(loaded.Databases[data.EntityAgenda].Values["priority"], "1") != "高" || loaded.Lang != LangJapanese {
		t.Fatalf("the saved mapping reads back as %+v (%v)", loaded, err)
	}

	// First cycle: every page becomes a record; kaigi writes only its ID.
	before = len(r.fake.Requests())
	sum := r.cycle()
	r.onlyProperties(before, codec.IDProperty)
	if n := len(r.writes(before)); n != 6 || sum.Pulled != 6 || sum.Problems != 0 {
		t.Fatalf("first cycle: %d writes, %s; want the 6 pages' kaigi IDs and no problem", n, sum)
	}
	agenda, task := r.recordOf(pages.cache), r.recordOf(pages.estimate)
	a, _ := r.store.Agenda(ctx, data.AgendaID(agenda))
	logs, _ := r.store.Agenda(ctx, data.AgendaID(r.recordOf(pages.logs)))
	tk, _ := r.store.Task(ctx, data.TaskID(task))
	m, _ := r.store.Meeting(ctx, data.MeetingID(r.recordOf(pages.meeting)))
	d, _ := r.store.Decision(ctx, data.DecisionID(r.recordOf(pages.decision)))
	if a.Priority != 1 || a.OwnerID != r.people["佐藤"] || a.State != data.AgendaOpen || logs.Priority != 3 || logs.State != data.AgendaResolved {
		t.Errorf("agendas: %+v / %+v", a, logs)
	}
	if tk.State != data.TaskDoing || tk.Due.String() != "2026-01-20" || tk.AssigneeID != r.people["佐藤"] || tk.AgendaID != a.ID || tk.MeetingID != m.ID {
		t.Errorf("task: %+v", tk)
	}
	if !m.StartsAt.Equal(time.Date(2026, 1, 13, 1, 0, 0, 0, time.UTC)) || !m.EndsAt.Equal(m.StartsAt.Add(time.Hour)) {
		t.Errorf("meeting at %v–%v, want 10:00–11:00 in Tokyo", m.StartsAt, m.EndsAt)
	}
	if d.MeetingID != m.ID || d.AgendaID != a.ID || d.DecidedOn.String() != "2026-01-13" {
		t.Errorf("decision: %+v", d)
	}

	// Idle: nothing written at all.
	r.fake.Advance(5 * time.Minute)
	before = len(r.fake.Requests())
	r.cycle()
	if w := r.writes(before); len(w) != 0 {
		t.Fatalf("an idle cycle wrote %v", w)
	}

	// Both ways: kaigi changes the due date (only 期限 is written), the team
	// changes priority and status in Notion (kaigi takes them, writes nothing).
	tk.Due, tk.Revision = data.DateOf(time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)), 0
	if err := r.store.UpdateTask(ctx, &tk); err != nil {
		t.Fatal(err)
	}
	ed := r.fake.As(r.sato)
	r.fake.Advance(time.Minute)
	if err := ed.UpdateProperties(pages.cache, map[string]any{"優先度": map[string]any{"select": map[string]any{"name": "中"}}}); err != nil {
		t.Fatal(err)
	}
	before = len(r.fake.Requests())
	r.cycle()
	r.onlyProperties(before, "期限")
	if p, _ := r.fake.Page(pages.estimate); pageDate(p, "期限") != "2026-01-27" {
		t.Fatalf("期限 in Notion: %v", pageDate(p, "期限"))
	}
	if a, _ = r.store.Agenda(ctx, a.ID); a.Priority != 2 {
		t.Fatalf("priority after 中 in Notion: %d", a.Priority)
	}
	r.fake.Advance(5 * time.Minute)
	before = len(r.fake.Requests())
	r.cycle()
	if w := r.writes(before); len(w) != 0 {
		t.Fatalf("after the edits settled, a cycle wrote %v", w)
	}
}

func (r *timeeRig) recordOf(pageID string) string {
	r.t.Helper()
	l, ok, err := syncdbOf(r.store).LinkByPage(context.Background(), pageID)
	if err != nil || !ok {
		r.t.Fatalf("page %s has no record (%v)", pageID, err)
	}
	return l.LocalID
}

func pageDate(p map[string]any, name string) string {
	props, _ := p["properties"].(map[string]any)
	v, _ := props[name].(map[string]any)
	d, _ := v["date"].(map[string]any)
	s, _ := d["start"].(string)
	return s
}
