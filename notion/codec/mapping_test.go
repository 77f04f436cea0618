package codec

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

func TestCheckMapping(t *testing.T) {
	targets := func(e data.Entity) (string, bool) { return "db-" + string(e), true }
	cases := []struct {
		name   string
		entity data.Entity
		change func(m *Mapping, db *api.Database)
		want   string // "" when it fits
	}{
		{"as init makes it", data.EntityMeeting, func(*Mapping, *api.Database) {}, ""},
		{"property gone", data.EntityTask, func(_ *Mapping, db *api.Database) { delete(db.Properties, "期限") }, `field due is mapped to property "期限", which the database does not have`},
		{"wrong type", data.EntityTask, func(_ *Mapping, db *api.Database) {
			db.Properties["期限"] = api.Property{Name: "期限", Type: "rich_text"}
		}, `property "期限" is a rich_text; field due needs date`},
		{"relation elsewhere", data.EntityTask, func(_ *Mapping, db *api.Database) {
			db.Properties["議題"] = api.Property{Name: "議題", Type: "relation", RelationTo: "db-other"}
		}, `relation "議題" points at another database than the agenda database`},
		{"end apart from its start", data.EntityMeeting, func(m *Mapping, db *api.Database) {
			m.Properties["ends_at"] = "終了"
			db.Properties["終了"] = api.Property{Name: "終了", Type: "date"}
		}, `field ends_at must map to the property of starts_at ("日時")`},
		{"checkbox without a map", data.EntityAgenda, func(m *Mapping, db *api.Database) {
			db.Properties["状態"] = api.Property{Name: "状態", Type: "checkbox"}
			delete(m.Values, "state")
		}, `checkbox "状態" needs a value map for field state`},
		{"no such field", data.EntityLADR, func(m *Mapping, _ *api.Database) { m.Properties["colour"] = "名前" }, `kaigi has no field "colour"`},
		{"no kaigi ID", data.EntityDecision, func(m *Mapping, _ *api.Database) { delete(m.Properties, IDField.Name) }, "the kaigi ID property is not mapped"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := workspace(t, LangJapanese)
			spec, _ := SpecOf(tc.entity)
			db := tb.schemas[tc.entity]
			tc.change(tb.mappings[tc.entity], &db)
			got := strings.Join(CheckMapping(spec, tb.Mapping(tc.entity), db, targets), "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Fatalf("problems %q, want %q", got, tc.want)
			}
		})
	}
}

// Sendable is a record as it can reach Notion: the person without a Notion
// account and the member in the kaigi trash without a page are left out, an
// option reads as Notion shows it back.
func TestSendable(t *testing.T) {
	tb := workspace(t, LangEnglish)
	withPeopleAndPages(tb)
	tb.trashed["agenda:r3"] = true
	spec, _ := teamProperty(t, tb, data.EntityAgenda, "state", "checkbox")
	c := Codec{Lang: LangEnglish, Resolver: tb}
	got, err := c.Sendable(context.Background(), spec, merge.Fields{"state": "dropped", "owner": "p-aiko,p-nobody", "title": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if got["state"] != "open" || got["owner"] != "p-aiko" || got["title"] != "x" {
		t.Fatalf("sendable %v", got)
	}
	task, _ := SpecOf(data.EntityTask)
	got, err = c.Sendable(context.Background(), task, merge.Fields{"agenda": "r1,r3,r9"})
	if err != nil {
		t.Fatal(err)
	}
	if got["agenda"] != "r1,r9" { // r9 has no page yet but may get one
		t.Fatalf("sendable %v", got)
	}
}

func TestLADRSections(t *testing.T) {
	l := data.LADR{Context: "なぜ", Decision: "採用する", Consequences: "- a\n- b"}
	body := LADRBody(l)
	if want := "## Context\n\nなぜ\n\n## Decision\n\n採用する\n\n## Consequences\n\n- a\n- b"; body != want {
		t.Fatalf("body %q", body)
	}
	got := SplitLADRBody(body + "\n\n## Notes\n\nlater")
	if got[0] != "なぜ" || got[1] != "" || got[2] != "採用する" || got[3] != "- a\n- b\n\n## Notes\n\nlater" {
		t.Fatalf("sections %q", got)
	}
}
