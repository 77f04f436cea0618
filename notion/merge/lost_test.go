package merge

import (
	"reflect"
	"testing"
	"time"
)

func TestJudgeLost(t *testing.T) {
	sent := time.Date(2025, 1, 6, 9, 30, 40, 0, time.UTC) // the page's edit minute then is 09:30
	before, sameMinute := sent.Add(-time.Minute).Truncate(time.Minute), sent.Truncate(time.Minute)
	base := Fields{"title": "old", "state": "todo", "due": "", Deleted: ""}
	tests := []struct {
		name   string
		wrote  Fields
		remote Fields
		edited time.Time
		want   Fields
	}{
		{"the page holds the written value: applied", Fields{"title": "new"}, Fields{"title": "new", "state": "todo"}, sameMinute,
			Fields{"title": "new", "state": "todo", "due": "", Deleted: ""}},
		{"the page holds the old value, not edited since: not applied", Fields{"title": "new"}, Fields{"title": "old", "state": "todo"}, before,
			base},
		{"the page holds the old value, edited in the minute of the write: nobody can tell", Fields{"title": "new"}, Fields{"title": "old"}, sameMinute,
			Fields{"title": Unknown, "state": "todo", "due": "", Deleted: ""}},
		{"the page holds a third value: nobody can tell", Fields{"title": "new"}, Fields{"title": "someone's"}, before,
			Fields{"title": Unknown, "state": "todo", "due": "", Deleted: ""}},
		{"a written value equal to the base needs no judging", Fields{"title": "old", "state": "todo"}, Fields{"title": "x", "state": "y"}, sameMinute,
			base},
		{"fields judged one by one", Fields{"title": "new", "state": "done", "due": "2025-02-01"}, Fields{"title": "new", "state": "todo", "due": "2025-03-01"}, sameMinute,
			Fields{"title": "new", "state": Unknown, "due": Unknown, Deleted: ""}},
		{"a trash flag whose fate is unknown keeps its base", Fields{Deleted: "true"}, Fields{Deleted: ""}, sameMinute,
			base},
		{"a trash flag the page holds was applied", Fields{Deleted: "true"}, Fields{Deleted: "true"}, sameMinute,
			Fields{"title": "old", "state": "todo", "due": "", Deleted: "true"}},
	}
	for _, tt := range tests {
		got := JudgeLost(base, Lost{Wrote: tt.wrote, SentAt: sent}, tt.remote, tt.edited)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	if base["title"] != "old" {
		t.Fatalf("JudgeLost changed its base argument")
	}
}

// A lost write nobody can judge becomes a conflict that keeps both values
// and shows the last base kaigi knew.
func TestLostWriteConflictShowsTheKnownBase(t *testing.T) {
	sent := time.Date(2025, 1, 6, 9, 30, 40, 0, time.UTC)
	known := Fields{"title": "old"}
	local, remote := Fields{"title": "new"}, Fields{"title": "someone's"}
	base := JudgeLost(known, Lost{Wrote: Fields{"title": "new"}, SentAt: sent}, remote, sent)
	p := Merge(base, local, remote, WinnerKaigi)
	p.ReportBase(known)
	want := []Conflict{{Field: "title", Base: "old", Local: "new", Remote: "someone's", Winner: WinnerKaigi}}
	if !reflect.DeepEqual(p.Conflicts, want) {
		t.Fatalf("conflicts %+v, want %+v", p.Conflicts, want)
	}
	if p.ToRemote["title"] != "new" {
		t.Fatalf("kaigi won the conflict but Notion is told %v", p.ToRemote)
	}
	// The same page when the write was applied: no conflict at all.
	applied := Merge(JudgeLost(known, Lost{Wrote: Fields{"title": "new"}, SentAt: sent}, local, sent), local, local, WinnerNotion)
	if len(applied.Conflicts) != 0 || len(applied.ToLocal) != 0 || len(applied.ToRemote) != 0 {
		t.Fatalf("an applied lost write still merges as a change: %+v", applied)
	}
}
