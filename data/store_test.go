package data_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func TestEveryPooledConnectionHasTheDSNSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	// Hold several connections at once so the pool must open new ones.
	var conns []*sql.Conn
	for range 5 {
		c, err := data.PoolOf(s).Conn(ctx)
		must(t, err)
		conns = append(conns, c)
	}
	for i, c := range conns {
		var fk, busy int
		var mode string
		must(t, c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
		must(t, c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy))
		must(t, c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
		if fk != 1 || busy < 1000 || mode != "wal" {
			t.Fatalf("connection %d: foreign_keys=%d busy_timeout=%d journal_mode=%s", i, fk, busy, mode)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestForeignKeysAreEnforced(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	_, err := data.PoolOf(s).ExecContext(ctx, `INSERT INTO meetings (id, series_id, starts_at, title, state, created_at, updated_at, revision)
		VALUES ('m', 'no-such-series', '2026-01-01T00:00:00.000Z', 't', 'planned', 'x', 'x', 0)`)
	if err == nil {
		t.Fatal("a meeting of a missing series was inserted")
	}
}

func TestMigrationsAreRecordedAndRunOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kaigi.db")
	for range 2 {
		s, err := data.Open(ctx, path, data.Options{})
		must(t, err)
		var n int
		must(t, data.PoolOf(s).QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 1`).Scan(&n))
		if n != 1 {
			t.Fatalf("migration 1 recorded %d times", n)
		}
		s.Close()
	}
}

func TestTombstonesHideButKeepRecords(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	a := data.Agenda{SeriesID: sr.ID, Title: "Office move"}
	must(t, s.CreateAgenda(ctx, &a, ""))
	must(t, s.SetDeleted(ctx, data.EntityAgenda, string(a.ID), true))

	list, err := s.Agendas(ctx, data.AgendaFilter{SeriesID: sr.ID})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("deleted agenda is listed: %v", list)
	}
	got, err := s.Agenda(ctx, a.ID)
	must(t, err)
	if !got.Deleted() {
		t.Fatal("deleted agenda has no tombstone")
	}
	if hits, _ := s.Search(ctx, "office", data.SearchFilter{}); len(hits) != 0 {
		t.Fatalf("deleted agenda is found by search: %v", hits)
	}
	got.Title = "Edited while in the trash"
	if err := s.UpdateAgenda(ctx, &got); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("edit of a deleted agenda: err = %v, want not_found", err)
	}

	must(t, s.SetDeleted(ctx, data.EntityAgenda, string(a.ID), false))
	list, err = s.Agendas(ctx, data.AgendaFilter{SeriesID: sr.ID})
	must(t, err)
	if len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("restored agenda is not listed: %v", list)
	}
	if hits, _ := s.Search(ctx, "office", data.SearchFilter{}); len(hits) != 1 {
		t.Fatalf("restored agenda is not found by search: %v", hits)
	}
	if err := s.SetDeleted(ctx, data.EntityAgenda, "no-such-id", true); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("delete of a missing agenda: err = %v, want not_found", err)
	}
}

func TestRevisionsAndChangeJournal(t *testing.T) {
	ctx := data.WithOrigin(context.Background(), "notion")
	s, clk := openStore(t)
	sr := weekly(t, s)
	start, _, err := s.LastChange(ctx)
	must(t, err)

	clk.Advance(time.Minute)
	task := data.Task{SeriesID: sr.ID, Title: "Book the room"}
	must(t, s.CreateTask(ctx, &task))
	created := task.Revision
	task.State = data.TaskDone
	must(t, s.UpdateTask(ctx, &task))
	if task.Revision <= created {
		t.Fatalf("revision did not grow: %d then %d", created, task.Revision)
	}
	if task.DoneAt.IsZero() {
		t.Fatal("a done task has no done time")
	}
	must(t, s.SetDeleted(ctx, data.EntityTask, string(task.ID), true))

	changes, err := s.ChangesSince(ctx, start, 0)
	must(t, err)
	var ops []string
	for _, c := range changes {
		if c.Entity != data.EntityTask || c.EntityID != string(task.ID) {
			t.Fatalf("unexpected change %+v", c)
		}
		if c.Origin != "notion" {
			t.Fatalf("origin = %q, want notion", c.Origin)
		}
		ops = append(ops, c.Op)
	}
	if want := "create update delete"; joinOps(ops) != want {
		t.Fatalf("journal ops = %q, want %q", joinOps(ops), want)
	}
	stored, err := s.Task(ctx, task.ID)
	must(t, err)
	if stored.Revision != changes[len(changes)-1].Seq {
		t.Fatalf("row revision %d is not its last change %d", stored.Revision, changes[len(changes)-1].Seq)
	}
	// Reading only what came after the update.
	later, err := s.ChangesSince(ctx, changes[1].Seq, 0)
	must(t, err)
	if len(later) != 1 || later[0].Op != "delete" {
		t.Fatalf("changes since update = %+v", later)
	}
}

func joinOps(ops []string) string {
	out := ""
	for i, o := range ops {
		if i > 0 {
			out += " "
		}
		out += o
	}
	return out
}

func TestSearchFindsJapaneseAndEnglish(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	flow := data.Decision{Title: "状態管理にはFlowを採用する", MeetingID: m.ID, Body: "Android の画面状態は StateFlow で持つ。"}
	must(t, s.CreateDecision(ctx, &flow))
	deploy := data.Agenda{SeriesID: sr.ID, Title: "Deployment pipeline", Body: "Blue-green deploys for the API"}
	must(t, s.CreateAgenda(ctx, &deploy, ""))
	other := data.Agenda{SeriesID: sr.ID, Title: "採点基準の見直し"} // shares 採 but not 採用
	must(t, s.CreateAgenda(ctx, &other, ""))

	cases := []struct {
		query string
		want  []string
	}{
		{"採用", []string{string(flow.ID)}},
		{"状態管理", []string{string(flow.ID)}},
		{"flow", []string{string(flow.ID)}},
		{"採", []string{string(flow.ID), string(other.ID)}},
		{"deploy", []string{string(deploy.ID)}},
		{"BLUE green", []string{string(deploy.ID)}},
		{"pipeline 採用", nil},
		{"!!!", nil},
	}
	for _, tc := range cases {
		hits, err := s.Search(ctx, tc.query, data.SearchFilter{})
		must(t, err)
		got := map[string]bool{}
		for _, h := range hits {
			got[h.ID] = true
		}
		if len(got) != len(tc.want) {
			t.Fatalf("search %q found %v, want %v", tc.query, hits, tc.want)
		}
		for _, id := range tc.want {
			if !got[id] {
				t.Fatalf("search %q missed %s: %v", tc.query, id, hits)
			}
		}
	}
	hits, err := s.Search(ctx, "StateFlow", data.SearchFilter{Entity: data.EntityDecision})
	must(t, err)
	if len(hits) != 1 || hits[0].Snippet == "" {
		t.Fatalf("decision search with snippet: %+v", hits)
	}
}

func TestLinksToRecordsInTheTrashAreKept(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	ag := data.Agenda{SeriesID: sr.ID, Title: "Office move"}
	must(t, s.CreateAgenda(ctx, &ag, ""))
	task := data.Task{SeriesID: sr.ID, Title: "Book movers", AgendaID: ag.ID}
	must(t, s.CreateTask(ctx, &task))
	must(t, s.SetDeleted(ctx, data.EntityAgenda, string(ag.ID), true))

	// The task can still be edited, and keeps its agenda for a restore.
	task.Title = "Book movers for Friday"
	must(t, s.UpdateTask(ctx, &task))
	got, err := s.Task(ctx, task.ID)
	must(t, err)
	if got.AgendaID != ag.ID {
		t.Fatalf("the task lost its agenda while the agenda was in the trash")
	}
	// A link to a record that never existed is still refused.
	task.AgendaID = "0190d3a4-0000-7000-8000-000000000000"
	if err := s.UpdateTask(ctx, &task); data.ErrorCode(err) != data.EINVALID || data.ErrorField(err) != "agenda_id" {
		t.Fatalf("link to a missing agenda: err = %v", err)
	}
}

// The list reads links in bulk; each record's links must match what the
// record alone reads.
func TestLADRListCarriesTheSameLinksAsEachRecord(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	var ids []data.LADRID
	for i := range 4 {
		l := data.LADR{Title: "Record"}
		if i > 0 {
			l.Supersedes = []data.LADRID{ids[0]}
		}
		must(t, s.CreateLADR(ctx, &l))
		ids = append(ids, l.ID)
	}
	d := data.Decision{Title: "Use Flow", MeetingID: m.ID, LADRID: ids[2]}
	must(t, s.CreateDecision(ctx, &d))

	list, err := s.LADRs(ctx, data.LADRFilter{})
	must(t, err)
	if len(list) != 4 {
		t.Fatalf("listed %d LADRs", len(list))
	}
	for _, got := range list {
		want, err := s.LADR(ctx, got.ID)
		must(t, err)
		if fmt.Sprint(got.Supersedes, got.SupersededBy, got.DecisionIDs) != fmt.Sprint(want.Supersedes, want.SupersededBy, want.DecisionIDs) {
			t.Fatalf("LADR %d: list links %v %v %v, record links %v %v %v", got.Number,
				got.Supersedes, got.SupersededBy, got.DecisionIDs, want.Supersedes, want.SupersededBy, want.DecisionIDs)
		}
	}
	if len(list[0].SupersededBy) != 3 || len(list[2].DecisionIDs) != 1 {
		t.Fatalf("links missing from the list: %+v", list)
	}
}
