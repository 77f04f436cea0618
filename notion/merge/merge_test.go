package merge

import (
	"fmt"
	"reflect"
	"testing"
)

func TestMerge(t *testing.T) {
	tests := []struct {
		name                string
		base, local, remote Fields
		winner              Winner
		want                Fields
		toLocal, toRemote   Fields
		conflicts           []string
		revived             string
	}{
		{name: "nothing changed", base: Fields{"title": "a"}, local: Fields{"title": "a"}, remote: Fields{"title": "a"},
			want: Fields{"title": "a"}, toLocal: Fields{}, toRemote: Fields{}},
		{name: "local change goes to Notion", base: Fields{"title": "a"}, local: Fields{"title": "b"}, remote: Fields{"title": "a"},
			want: Fields{"title": "b"}, toLocal: Fields{}, toRemote: Fields{"title": "b"}},
		{name: "remote change comes to kaigi", base: Fields{"title": "a"}, local: Fields{"title": "a"}, remote: Fields{"title": "c"},
			want: Fields{"title": "c"}, toLocal: Fields{"title": "c"}, toRemote: Fields{}},
		{name: "different fields merge", base: Fields{"title": "a", "due": ""}, local: Fields{"title": "b", "due": ""}, remote: Fields{"title": "a", "due": "2025-01-10"},
			want: Fields{"title": "b", "due": "2025-01-10"}, toLocal: Fields{"due": "2025-01-10"}, toRemote: Fields{"title": "b"}},
		{name: "same change on both sides is no conflict", base: Fields{"state": "todo"}, local: Fields{"state": "done"}, remote: Fields{"state": "done"},
			want: Fields{"state": "done"}, toLocal: Fields{}, toRemote: Fields{}},
		{name: "conflict, Notion wins", base: Fields{"title": "a"}, local: Fields{"title": "b"}, remote: Fields{"title": "c"}, winner: WinnerNotion,
			want: Fields{"title": "c"}, toLocal: Fields{"title": "c"}, toRemote: Fields{}, conflicts: []string{"title"}},
		{name: "conflict, kaigi wins", base: Fields{"title": "a"}, local: Fields{"title": "b"}, remote: Fields{"title": "c"}, winner: WinnerKaigi,
			want: Fields{"title": "b"}, toLocal: Fields{}, toRemote: Fields{"title": "b"}, conflicts: []string{"title"}},
		{name: "cleared on one side", base: Fields{"due": "2025-01-10"}, local: Fields{"due": ""}, remote: Fields{"due": "2025-01-10"},
			want: Fields{"due": ""}, toLocal: Fields{}, toRemote: Fields{"due": ""}},
		{name: "a field missing from the base", base: Fields{}, local: Fields{"due": "2025-01-10"}, remote: Fields{},
			want: Fields{"due": "2025-01-10"}, toLocal: Fields{}, toRemote: Fields{"due": "2025-01-10"}},
		{name: "conflicts are listed in field order", base: Fields{"b": "0", "a": "0"}, local: Fields{"b": "1", "a": "1"}, remote: Fields{"b": "2", "a": "2"},
			want: Fields{"a": "2", "b": "2"}, toLocal: Fields{"a": "2", "b": "2"}, toRemote: Fields{}, conflicts: []string{"a", "b"}},
		{name: "delete in kaigi goes to Notion", base: Fields{"title": "a"}, local: Fields{"title": "a", "deleted": "true"}, remote: Fields{"title": "a"},
			want: Fields{"title": "a", "deleted": "true"}, toLocal: Fields{}, toRemote: Fields{"deleted": "true"}},
		{name: "trash in Notion comes to kaigi", base: Fields{"title": "a"}, local: Fields{"title": "a"}, remote: Fields{"title": "a", "deleted": "true"},
			want: Fields{"title": "a", "deleted": "true"}, toLocal: Fields{"deleted": "true"}, toRemote: Fields{}},
		{name: "edit in Notion beats delete in kaigi", base: Fields{"title": "a"}, local: Fields{"title": "a", "deleted": "true"}, remote: Fields{"title": "c"},
			want: Fields{"title": "c"}, toLocal: Fields{"title": "c", "deleted": ""}, toRemote: Fields{}, revived: "kaigi"},
		{name: "edit in kaigi beats trash in Notion", base: Fields{"title": "a"}, local: Fields{"title": "b"}, remote: Fields{"title": "a", "deleted": "true"},
			want: Fields{"title": "b"}, toLocal: Fields{}, toRemote: Fields{"title": "b", "deleted": ""}, revived: "notion"},
		{name: "restore on one side", base: Fields{"title": "a", "deleted": "true"}, local: Fields{"title": "a"}, remote: Fields{"title": "a", "deleted": "true"},
			want: Fields{"title": "a"}, toLocal: Fields{}, toRemote: Fields{"deleted": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.winner == "" {
				tt.winner = WinnerNotion
			}
			p := Merge(tt.base, tt.local, tt.remote, tt.winner)
			if !reflect.DeepEqual(p.Result, tt.want) {
				t.Errorf("result = %v, want %v", p.Result, tt.want)
			}
			if !reflect.DeepEqual(p.ToLocal, tt.toLocal) {
				t.Errorf("to kaigi = %v, want %v", p.ToLocal, tt.toLocal)
			}
			if !reflect.DeepEqual(p.ToRemote, tt.toRemote) {
				t.Errorf("to Notion = %v, want %v", p.ToRemote, tt.toRemote)
			}
			var got []string
			for _, c := range p.Conflicts {
				got = append(got, c.Field)
				if c.Local != tt.local[c.Field] || c.Remote != tt.remote[c.Field] || c.Base != tt.base[c.Field] || c.Winner != tt.winner {
					t.Errorf("conflict %+v does not keep base %q and both values %q/%q", c, tt.base[c.Field], tt.local[c.Field], tt.remote[c.Field])
				}
			}
			if !reflect.DeepEqual(got, tt.conflicts) {
				t.Errorf("conflicts = %v, want %v", got, tt.conflicts)
			}
			if p.Revived != tt.revived {
				t.Errorf("revived = %q, want %q", p.Revived, tt.revived)
			}
		})
	}
}

// TestMergeEveryValueCombination merges one field over every combination
// of three values (the empty value among them) on base, kaigi and Notion,
// with either winner: 54 cases in five kinds.
func TestMergeEveryValueCombination(t *testing.T) {
	values := []string{"", "x", "y"}
	// take names the side whose value the merged record holds.
	kinds := map[string]struct {
		take     string
		conflict bool
	}{
		"unchanged":              {take: "base"},
		"changed in kaigi":       {take: "local"},
		"changed in Notion":      {take: "remote"},
		"same change both sides": {take: "local"},
		"different changes":      {take: "winner", conflict: true},
	}
	seen := map[string]int{}
	for _, b := range values {
		for _, l := range values {
			for _, r := range values {
				for _, winner := range []Winner{WinnerNotion, WinnerKaigi} {
					kind := "different changes"
					switch {
					case l == b && r == b:
						kind = "unchanged"
					case r == b:
						kind = "changed in kaigi"
					case l == b:
						kind = "changed in Notion"
					case l == r:
						kind = "same change both sides"
					}
					seen[kind]++
					want := map[string]string{"base": b, "local": l, "remote": r}[kinds[kind].take]
					if kinds[kind].take == "winner" {
						want = r
						if winner == WinnerKaigi {
							want = l
						}
					}
					name := fmt.Sprintf("base %q kaigi %q Notion %q, %s wins", b, l, r, winner)
					p := Merge(Fields{"f": b}, Fields{"f": l}, Fields{"f": r}, winner)
					if p.Result["f"] != want {
						t.Errorf("%s (%s): result %q, want %q", name, kind, p.Result["f"], want)
					}
					if got := len(p.Conflicts) == 1; got != kinds[kind].conflict || len(p.Conflicts) > 1 {
						t.Errorf("%s (%s): conflicts %+v", name, kind, p.Conflicts)
					}
					if _, ok := p.ToLocal["f"]; ok != (l != want) {
						t.Errorf("%s (%s): to kaigi %v", name, kind, p.ToLocal)
					}
					if _, ok := p.ToRemote["f"]; ok != (r != want) {
						t.Errorf("%s (%s): to Notion %v", name, kind, p.ToRemote)
					}
					if p.Revived != "" {
						t.Errorf("%s: revived %q without a delete", name, p.Revived)
					}
				}
			}
		}
	}
	if len(seen) != len(kinds) {
		t.Fatalf("the combinations covered %v, want every kind", seen)
	}
}

// TestMergeEveryTrashCombination merges the trash flag over all eight
// combinations of base, kaigi and Notion, each with and without an edit of
// another field on each side (32 cases).
func TestMergeEveryTrashCombination(t *testing.T) {
	type outcome struct {
		deleted string // the merged trash flag
		revived string
	}
	const T = "true"
	n, k := outcome{}, outcome{deleted: T}
	byKaigi, byNotion := outcome{revived: "kaigi"}, outcome{revived: "notion"}
	// Per (base, kaigi, Notion) flags, the outcome with no edit, an edit in
	// Notion, an edit in kaigi, and edits on both sides.
	tests := []struct {
		base, local, remote string
		want                [4]outcome
	}{
		{"", "", "", [4]outcome{n, n, n, n}},
		{"", "", T, [4]outcome{k, k, byNotion, byNotion}}, // trashed in Notion: a kaigi edit restores it
		{"", T, "", [4]outcome{k, byKaigi, k, byKaigi}},   // deleted in kaigi: a Notion edit restores it
		{"", T, T, [4]outcome{k, k, k, k}},
		{T, "", "", [4]outcome{n, n, n, n}},
		{T, "", T, [4]outcome{n, n, n, n}}, // restored in kaigi
		{T, T, "", [4]outcome{n, n, n, n}}, // restored in Notion
		{T, T, T, [4]outcome{k, k, k, k}},
	}
	for _, tt := range tests {
		for i, edits := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			base := Fields{"title": "a", "note": "a", Deleted: tt.base}
			local := Fields{"title": "a", "note": "a", Deleted: tt.local}
			remote := Fields{"title": "a", "note": "a", Deleted: tt.remote}
			if edits[0] {
				local["title"] = "kaigi's"
			}
			if edits[1] {
				remote["note"] = "Notion's"
			}
			p := Merge(base, local, remote, WinnerNotion)
			got := outcome{deleted: p.Result[Deleted], revived: p.Revived}
			name := fmt.Sprintf("trash base %q kaigi %q Notion %q, edited in kaigi %v, in Notion %v", tt.base, tt.local, tt.remote, edits[0], edits[1])
			if got != tt.want[i] {
				t.Errorf("%s: %+v, want %+v", name, got, tt.want[i])
			}
			if len(p.Conflicts) > 0 {
				t.Errorf("%s: conflicts %+v", name, p.Conflicts)
			}
			for side, have := range map[string]Fields{"kaigi": local, "Notion": remote} {
				diff := p.ToLocal
				if side == "Notion" {
					diff = p.ToRemote
				}
				v, sent := diff[Deleted]
				if changes := have[Deleted] != got.deleted; sent != changes || sent && v != got.deleted {
					t.Errorf("%s: %s is told trash %q (sent %v), holds %q, merged %q", name, side, v, sent, have[Deleted], got.deleted)
				}
			}
		}
	}
}

func TestFieldsEqualAndWith(t *testing.T) {
	a := Fields{"title": "x", "state": ""}
	if !a.Equal(Fields{"state": "", "title": "x"}) || a.Equal(Fields{"title": "x"}) || a.Equal(Fields{"title": "x", "due": ""}) {
		t.Fatalf("Equal compares keys and values")
	}
	b := a.With("title", "y")
	if b["title"] != "y" || a["title"] != "x" || len(b) != 2 {
		t.Fatalf("With = %v from %v: a copy with one field set", b, a)
	}
}
