package notion

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// related is a small graph: a meeting with an agenda, a decision on the
// agenda recorded in an LADR, and a task from the agenda and the meeting.
type related struct {
	meeting  data.Meeting
	agenda   data.Agenda
	decision data.Decision
	task     data.Task
	ladr     data.LADR
}

func newRelated(t *testing.T, h *harness) related {
	t.Helper()
	ctx := context.Background()
	var r related
	r.meeting = data.Meeting{SeriesID: h.series, Title: "Weekly", StartsAt: time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)}
	r.ladr = data.LADR{Title: "Use SQLite", Context: "One file is enough."}
	if err := firstErr(h.store.CreateMeeting(ctx, &r.meeting), h.store.CreateLADR(ctx, &r.ladr)); err != nil {
		t.Fatal(err)
	}
	r.agenda = data.Agenda{SeriesID: h.series, Title: "Storage"}
	if err := h.store.CreateAgenda(ctx, &r.agenda, r.meeting.ID); err != nil {
		t.Fatal(err)
	}
	r.decision = data.Decision{SeriesID: h.series, Title: "SQLite it is", AgendaID: r.agenda.ID, LADRID: r.ladr.ID}
	r.task = data.Task{SeriesID: h.series, Title: "Write the schema", AgendaID: r.agenda.ID, MeetingID: r.meeting.ID}
	if err := firstErr(h.store.CreateDecision(ctx, &r.decision), h.store.CreateTask(ctx, &r.task)); err != nil {
		t.Fatal(err)
	}
	return r
}

// checkLinked fails unless every relation of the graph holds in kaigi and
// in Notion, in both directions.
func checkLinked(t *testing.T, h *harness, r related, when string) {
	t.Helper()
	ctx := context.Background()
	d, _ := h.store.Decision(ctx, r.decision.ID)
	tk, _ := h.store.Task(ctx, r.task.ID)
	agendas, _ := h.store.MeetingAgendaIDs(ctx, r.meeting.ID)
	if d.AgendaID != r.agenda.ID || d.LADRID != r.ladr.ID || tk.AgendaID != r.agenda.ID || tk.MeetingID != r.meeting.ID || !slices.Contains(agendas, r.agenda.ID) {
		t.Fatalf("%s: kaigi lost a relation: decision %s/%s, task %s/%s, meeting agendas %v", when, d.AgendaID, d.LADRID, tk.AgendaID, tk.MeetingID, agendas)
	}
	pm, pa, pd := h.pageOf(data.EntityMeeting, string(r.meeting.ID)), h.pageOf(data.EntityAgenda, string(r.agenda.ID)), h.pageOf(data.EntityDecision, string(r.decision.ID))
	pt, pl := h.pageOf(data.EntityTask, string(r.task.ID)), h.pageOf(data.EntityLADR, string(r.ladr.ID))
	want := []struct {
		page, prop, member string
	}{
		{pd, "Agenda", pa}, {pd, "LADR", pl}, {pt, "Agenda", pa}, {pt, "Meeting", pm}, {pm, "Agendas", pa},
		{pa, "Decisions", pd}, {pa, "Tasks", pt}, {pa, "Meetings", pm}, {pl, "Decisions", pd}, {pm, "Tasks", pt},
	}
	for _, w := range want {
		if got := h.fake.RelationIDs(w.page, w.prop); !slices.Contains(got, w.member) {
			t.Fatalf("%s: Notion page %s lost %s member %s (has %v)", when, w.page, w.prop, w.member, got)
		}
	}
}

// checkQuiet fails if the last cycle reported a problem or left a record
// in the retry set.
func checkQuiet(t *testing.T, h *harness, when string) {
	t.Helper()
	if errs := lastRunErrors(t, h); errs != "" {
		t.Fatalf("%s: the cycle reported %q", when, errs)
	}
	retry, err := h.state().RetrySet(context.Background())
	if err != nil || len(retry) > 0 {
		t.Fatalf("%s: retry set %v (err %v)", when, retry, err)
	}
	for _, e := range []data.Entity{data.EntityMeeting, data.EntityAgenda, data.EntityDecision, data.EntityTask, data.EntityLADR} {
		if n := len(h.fake.DatabasePages(h.db(e), true)); n != 1 {
			t.Fatalf("%s: %d %s pages in Notion, want 1", when, n, e)
		}
	}
}

// TestTrashedRelationTarget deletes a record that others relate to, in
// kaigi or in Notion, edits the records pointing at it while it is in the
// trash, and restores it on the same side: no cycle reports a problem or
// keeps a record for retry, no page is duplicated, and once restored every
// relation holds again on both sides.
func TestTrashedRelationTarget(t *testing.T) {
	for _, target := range []data.Entity{data.EntityAgenda, data.EntityMeeting, data.EntityLADR} {
		for _, side := range []string{"kaigi", "notion"} {
			t.Run(fmt.Sprintf("%s in %s", target, side), func(t *testing.T) {
				ctx := context.Background()
				h := newHarness(t, 21, nil)
				reconcilingEngine(h)
				r := newRelated(t, h)
				h.cycle()
				checkLinked(t, h, r, "after the first push")
				id := map[data.Entity]string{data.EntityAgenda: string(r.agenda.ID), data.EntityMeeting: string(r.meeting.ID), data.EntityLADR: string(r.ladr.ID)}[target]
				page := h.pageOf(target, id)
				trash := func(on bool) {
					h.fake.Advance(5 * time.Minute)
					var err error
					switch {
					case side == "kaigi":
						err = h.store.SetDeleted(ctx, target, id, on)
					case on:
						err = h.fake.As(h.person).Trash(page)
					default:
						err = h.fake.As(h.person).Restore(page)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				trash(true)
				h.cycle()
				checkQuiet(t, h, "after the trash")
				if f, _ := h.engine.records.read(ctx, target, id); f[merge.Deleted] != "true" {
					t.Fatalf("%s %s not in the kaigi trash", target, id)
				}
				// People in Notion edit the records that point at the trashed one.
				h.fake.Advance(5 * time.Minute)
				ed := h.fake.As(h.person)
				if err := firstErr(ed.UpdateProperties(h.pageOf(data.EntityDecision, string(r.decision.ID)), map[string]any{"Name": title("SQLite it is (final)")}),
					ed.UpdateProperties(h.pageOf(data.EntityTask, string(r.task.ID)), map[string]any{"Name": title("Write the schema (started)")})); err != nil {
					t.Fatal(err)
				}
				h.cycle()
				checkQuiet(t, h, "after editing records related to the trashed one")
				h.cycle()
				checkQuiet(t, h, "a cycle later")
				trash(false)
				h.cycle()
				h.cycle()
				checkQuiet(t, h, "after the restore")
				checkLinked(t, h, r, "after the restore")
				if d, _ := h.store.Decision(ctx, r.decision.ID); d.Title != "SQLite it is (final)" {
					t.Fatalf("decision edit made in Notion lost: %q", d.Title)
				}
			})
		}
	}
}

// TestRelationToRecordTrashedBeforeItsPage: an agenda deleted in kaigi
// before its first sync never gets a page, so the task pointing at it is
// created without the member, and no cycle tries to send it again. When the
// agenda is restored, its page is made and the task's relation written.
func TestRelationToRecordTrashedBeforeItsPage(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 22, nil)
	agenda := data.Agenda{SeriesID: h.series, Title: "Budget"}
	if err := h.store.CreateAgenda(ctx, &agenda, ""); err != nil {
		t.Fatal(err)
	}
	task := data.Task{SeriesID: h.series, Title: "Ask finance", AgendaID: agenda.ID}
	if err := h.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	if err := h.store.SetDeleted(ctx, data.EntityAgenda, string(agenda.ID), true); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	checkQuietAt(t, h, "after the first push")
	h.fake.Advance(5 * time.Minute)
	if err := h.fake.As(h.person).UpdateProperties(h.pageOf(data.EntityTask, string(task.ID)), map[string]any{"Name": title("Ask finance today")}); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	h.fake.Advance(10 * time.Minute)
	h.cycle()
	before := len(h.fake.Requests())
	sum := h.cycle()
	if n := len(h.fake.Requests()) - before; n != len(h.cfg.Databases) || sum.Pushed != 0 {
		t.Fatalf("idle cycle made %d requests (want %d), %s", n, len(h.cfg.Databases), sum)
	}
	if got, _ := h.store.Task(ctx, task.ID); got.AgendaID != agenda.ID {
		t.Fatalf("task lost its agenda in kaigi: %q", got.AgendaID)
	}
	if err := h.store.SetDeleted(ctx, data.EntityAgenda, string(agenda.ID), false); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	checkQuietAt(t, h, "after the restore")
	pa, pt := h.pageOf(data.EntityAgenda, string(agenda.ID)), h.pageOf(data.EntityTask, string(task.ID))
	if got := h.fake.RelationIDs(pt, "Agenda"); !slices.Equal(got, []string{pa}) {
		t.Fatalf("task page relation %v, want the restored agenda's page %s", got, pa)
	}
}

// checkQuietAt is checkQuiet without the page count.
func checkQuietAt(t *testing.T, h *harness, when string) {
	t.Helper()
	if errs := lastRunErrors(t, h); errs != "" {
		t.Fatalf("%s: the cycle reported %q", when, errs)
	}
	if retry, err := h.state().RetrySet(context.Background()); err != nil || len(retry) > 0 {
		t.Fatalf("%s: retry set %v (err %v)", when, retry, err)
	}
}

// TestRelationToPageTrashedBeforeKaigiSawIt: a person makes an agenda page,
// relates a task to it and trashes it before a sync. No query lists the
// agenda, so kaigi reads it through the relation and keeps it as a record
// in its trash; restored in Notion, the task's agenda is there in kaigi.
func TestRelationToPageTrashedBeforeKaigiSawIt(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 23, nil)
	task := newTask(t, h, "Book the room")
	h.cycle()
	h.fake.Advance(5 * time.Minute)
	ed := h.fake.As(h.person)
	agendaPage, err := ed.CreatePage(h.db(data.EntityAgenda), map[string]any{"Name": title("Offsite")})
	if err != nil {
		t.Fatal(err)
	}
	taskPage := h.pageOf(data.EntityTask, string(task.ID))
	if err := firstErr(ed.UpdateProperties(taskPage, map[string]any{"Agenda": api.RefsValue("relation", []string{agendaPage})}), ed.Trash(agendaPage)); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	checkQuietAt(t, h, "after the pull")
	got, _ := h.store.Task(ctx, task.ID)
	agenda, err := h.store.Agenda(ctx, got.AgendaID)
	if err != nil || !agenda.Deleted() || agenda.Title != "Offsite" {
		t.Fatalf("task agenda %q: %+v (err %v); want the trashed page kept as an agenda in the kaigi trash", got.AgendaID, agenda, err)
	}
	h.fake.Advance(5 * time.Minute)
	if err := ed.Restore(agendaPage); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	h.cycle()
	checkQuietAt(t, h, "after the restore")
	if agenda, _ := h.store.Agenda(ctx, got.AgendaID); agenda.Deleted() {
		t.Fatalf("agenda restored in Notion is still in the kaigi trash")
	}
	if got, _ := h.store.Task(ctx, task.ID); got.AgendaID != agenda.ID {
		t.Fatalf("task lost its agenda: %q", got.AgendaID)
	}
	if n := len(h.fake.DatabasePages(h.db(data.EntityAgenda), true)); n != 1 {
		t.Fatalf("%d agenda pages, want 1", n)
	}
}

// TestBodyPushToPageTrashedInNotion: a person rewrites an agenda's body and
// trashes the page; kaigi rewrites the same body before the next sync. The
// push (block edits only) first learns that the page is in the trash, so
// the two bodies become a conflict instead of kaigi's overwriting Notion's.
func TestBodyPushToPageTrashedInNotion(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 24, nil)
	agenda := data.Agenda{SeriesID: h.series, Title: "Hiring", Body: "Two roles open."}
	if err := h.store.CreateAgenda(ctx, &agenda, ""); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	page := h.pageOf(data.EntityAgenda, string(agenda.ID))
	h.fake.Advance(5 * time.Minute)
	ed := h.fake.As(h.person)
	if _, err := ed.ReplaceBlocks(page, []any{blocks.Encode(blocks.Block{Type: "paragraph", Text: "Three roles open."})}); err != nil {
		t.Fatal(err)
	}
	if err := ed.Trash(page); err != nil {
		t.Fatal(err)
	}
	got, _ := h.store.Agenda(ctx, agenda.ID)
	got.Body = "One role open."
	if err := h.store.UpdateAgenda(ctx, &got); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	n := 0
	for _, c := range h.conflictsOn(data.EntityAgenda, string(agenda.ID), "body") {
		if c.LocalValue == "One role open." && c.NotionValue == "Three roles open." {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d body conflicts keeping both rewrites", n)
	}
}
