package notion

import (
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
				if c.Local != tt.local[c.Field] || c.Remote != tt.remote[c.Field] {
					t.Errorf("conflict %s keeps %q/%q, want both values %q/%q", c.Field, c.Local, c.Remote, tt.local[c.Field], tt.remote[c.Field])
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
