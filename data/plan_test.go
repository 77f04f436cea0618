package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestListQueryPlans checks the plan of every list query the app runs,
// with each filter it is run with, on the first page, after a cursor and
// after an offset: no list may sort its table in a temporary B-tree, and
// a filtered list must SEARCH an index rather than SCAN the table. An
// unfiltered list may SCAN its key index, which stops at the page size.
// SQLite plans without statistics (kaigi never runs ANALYZE), so the plans
// on an empty database are the plans on a large one.
func TestListQueryPlans(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plans.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type listCase struct {
		name     string
		q        *listQuery
		filtered bool
	}
	cases := []listCase{
		{"tasks", taskList(TaskFilter{}), false},
		{"tasks open", taskList(TaskFilter{OpenOnly: true}), false},
		{"tasks state=done", taskList(TaskFilter{State: TaskDone}), true},
		{"tasks of a series, open (meeting page)", taskList(TaskFilter{SeriesID: "s", OpenOnly: true}), true},
		{"tasks of a series, state", taskList(TaskFilter{SeriesID: "s", State: TaskTodo}), true},
		{"tasks of an assignee, open (home)", taskList(TaskFilter{AssigneeID: "p", OpenOnly: true}), true},
		{"tasks of an assignee, any state", taskList(TaskFilter{AssigneeID: "p"}), true},
		{"tasks of an assignee, state", taskList(TaskFilter{AssigneeID: "p", State: TaskDone}), true},
		{"tasks of an agenda", taskList(TaskFilter{AgendaID: "a"}), true},
		{"tasks of a meeting", taskList(TaskFilter{MeetingID: "m"}), true},
		{"agendas", agendaList(AgendaFilter{}), false},
		{"agendas of a series", agendaList(AgendaFilter{SeriesID: "s"}), true},
		{"agendas open of a series", agendaList(AgendaFilter{SeriesID: "s", State: AgendaOpen}), true},
		{"agendas resolved", agendaList(AgendaFilter{State: AgendaResolved}), true},
		{"decisions", decisionList(DecisionFilter{}), false},
		{"decisions of a meeting", decisionList(DecisionFilter{MeetingID: "m"}), true},
		{"decisions of an agenda", decisionList(DecisionFilter{AgendaID: "a"}), true},
		{"decisions of an LADR", decisionList(DecisionFilter{LADRID: "l"}), true},
		{"decisions of a series", decisionList(DecisionFilter{SeriesID: "s"}), true},
		{"decisions superseded", decisionList(DecisionFilter{State: DecisionSuperseded}), true},
		{"decisions in a date range", decisionList(DecisionFilter{From: Date{2025, 1, 1}, To: Date{2025, 12, 31}}), true},
		{"meetings", meetingList(MeetingFilter{}), false},
		{"meetings of a series", meetingList(MeetingFilter{SeriesID: "s"}), true},
		{"meetings of a series after a time", meetingList(MeetingFilter{SeriesID: "s", After: time.Now()}), true},
		{"LADRs", ladrList(LADRFilter{}), false},
		{"LADRs by state", ladrList(LADRFilter{State: LADRAccepted}), true},
		{"series", seriesList(), false},
	}
	for _, e := range TrashKinds {
		q, err := trashList(e)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, listCase{"trash of " + string(e), q, true})
	}
	for _, c := range cases {
		for _, p := range []Page{{Limit: 100}, {Limit: 100, After: "x"}, {Limit: 100, Offset: 57000}} {
			query, args := c.q.statement(p)
			plan := explain(t, s, query, args...)
			checkPlan(t, c.name, plan, c.filtered)
		}
	}
	// Reads that are not paged lists but run on every page view.
	others := []struct {
		name     string
		query    string
		args     []any
		filtered bool
	}{
		{"people", `SELECT ` + personColumns + ` FROM people WHERE deleted_at IS NULL ORDER BY name, id`, nil, false},
		{"person names", personNamesSQL, nil, false},
		{"meeting items", meetingItemsSQL, []any{"m"}, true},
		{"next meetings (home)", nextMeetingsSQL, nil, false},
		{"waiting agendas (opening a meeting)", waitingAgendasSQL, []any{"s", "m"}, true},
		{"series backlog", backlogSQL, []any{"s"}, true},
		{"LADR page links", ladrLinksSQL, []any{"[]"}, true},
		{"LADR page decisions", ladrDecisionsSQL, []any{"[]"}, true},
		{"agenda thread", agendaThreadSQL, []any{"a"}, true},
		{"previous discussions (carried agendas)", previousDiscussionsSQL, []any{"m"}, true},
		{"previous decisions (carried agendas)", previousDecisionsSQL, []any{`["m"]`}, true},
		{"meeting reopens", reopensSQL, []any{"m"}, true},
		{"search with meetings", searchSQL + `search_index MATCH ? ORDER BY f.rowid LIMIT ?`, []any{`"x"`, 10}, false},
	}
	for _, o := range others {
		checkPlan(t, o.name, explain(t, s, o.query, o.args...), o.filtered)
	}
}

func explain(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}

func checkPlan(t *testing.T, name string, plan []string, filtered bool) {
	t.Helper()
	for _, step := range plan {
		switch {
		case strings.Contains(step, "TEMP B-TREE"):
			t.Errorf("%s: sorts in a temporary B-tree: %q\n%s", name, step, strings.Join(plan, "\n"))
		case strings.HasPrefix(step, "SCAN") && !strings.Contains(step, "INDEX") && !strings.Contains(step, "json_each"):
			t.Errorf("%s: scans a whole table: %q\n%s", name, step, strings.Join(plan, "\n"))
		case filtered && strings.HasPrefix(step, "SCAN") && !strings.Contains(step, "json_each"):
			t.Errorf("%s: a filtered list scans an index instead of searching it: %q\n%s", name, step, strings.Join(plan, "\n"))
		}
	}
}
