package codec

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// teamProperty is a team's own select, status or checkbox, mapped as adopt
// maps it.
func teamProperty(t *testing.T, tb *tables, e data.Entity, field, typ string, options ...api.Option) (EntitySpec, FieldSpec) {
	t.Helper()
	spec, _ := SpecOf(e)
	f, _ := spec.Field(field)
	p := api.Property{ID: "team", Name: "Team " + field, Type: typ, Options: options}
	tb.schemas[e].Properties[p.Name] = p
	m := tb.mappings[e]
	m.Properties[field], m.Types[p.Name] = p.Name, typ
	m.Values[field], _ = ProposeValues(spec, f, p, LangJapanese)
	return spec, f
}

func opts(names ...string) []api.Option {
	var out []api.Option
	for i, n := range names {
		group := ""
		if g, name, ok := strings.Cut(n, "/"); ok {
			group, n = g, name
		}
		out = append(out, api.Option{ID: fmt.Sprintf("o%d", i), Name: n, Group: group})
	}
	return out
}

// How the words of a team's own options read: "how does 完了 become done?"
func TestTeamWordsDecode(t *testing.T) {
	cases := []struct {
		entity  data.Entity
		field   string
		typ     string
		options []api.Option
		holds   string // the option the page holds
		want    string // kaigi's value; "" when it is a problem of the field
	}{
		{data.EntityTask, "state", "status", opts("To-do/未着手", "In progress/対応中", "Complete/完了"), "完了", "done"},
		{data.EntityTask, "state", "status", opts("To-do/未着手", "In progress/対応中", "Complete/完了"), "対応中", "doing"},
		{data.EntityTask, "state", "status", opts("To-do/Not started", "In progress/In progress", "Complete/Done", "Complete/Canceled"), "Canceled", "cancelled"},
		{data.EntityTask, "state", "status", opts("To-do/未着手", "In progress/対応中", "In progress/レビュー待ち", "Complete/完了"), "レビュー待ち", "doing"}, // its group
		{data.EntityTask, "state", "select", opts("Todo", "Doing", "Done", "キャンセル"), "キャンセル", "cancelled"},
		{data.EntityAgenda, "state", "select", opts("オープン", "完了", "取り下げ"), "完了", "resolved"},
		{data.EntityAgenda, "state", "select", opts("Open", "Done"), "Done", "resolved"},
		{data.EntityAgenda, "state", "checkbox", nil, "true", "resolved"},
		{data.EntityAgenda, "state", "checkbox", nil, "false", "open"},
		{data.EntityAgenda, "priority", "select", opts("P1", "P2", "P3", "P4"), "P1", "1"},
		{data.EntityAgenda, "priority", "select", opts("緊急", "普通", "低", "いつか"), "いつか", "4"},
		{data.EntityAgenda, "priority", "select", opts("High", "Medium", "Low", "Lowest"), "Lowest", "4"},
		{data.EntityAgenda, "priority", "select", opts("最優先", "中"), "中", "2"},
		{data.EntityMeeting, "state", "select", opts("未開催", "完了"), "完了", "held"},
		{data.EntityMeeting, "state", "select", opts("Scheduled", "Done"), "Scheduled", "planned"},
		{data.EntityLADR, "state", "select", opts("草案", "レビュー中", "採用", "不採用", "On hold", "廃止", "非推奨"), "採用", "accepted"},
		{data.EntityLADR, "state", "select", opts("草案", "レビュー中", "採用", "不採用", "On hold", "廃止", "非推奨"), "On hold", "on-hold"},
		{data.EntityDecision, "state", "select", opts("決定", "Replaced", "取り消し"), "取り消し", "reverted"},
		{data.EntityDecision, "state", "select", opts("決定", "Replaced", "その他"), "その他", ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s.%s/%s=%s", tc.entity, tc.field, tc.typ, tc.holds), func(t *testing.T) {
			tb := workspace(t, LangJapanese)
			spec, f := teamProperty(t, tb, tc.entity, tc.field, tc.typ, tc.options...)
			pv := api.PropValue{Type: tc.typ, Checkbox: tc.holds == "true"}
			for _, o := range tc.options {
				if o.Name == tc.holds {
					ref := &api.OptionRef{ID: o.ID, Name: o.Name}
					pv.Select, pv.Status = ref, ref
				}
			}
			pg := api.Page{ID: "pg", Properties: map[string]api.PropValue{"Team " + tc.field: pv}}
			d, err := Codec{Lang: LangJapanese, Resolver: tb}.Decode(context.Background(), spec, []FieldSpec{f}, pg)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if d.Issues[f.Name].Kind != "value" || !strings.Contains(d.Issues[f.Name].Message, tc.holds) {
					t.Fatalf("read %q, issues %v: want a problem of the field naming %q", d.Fields[f.Name], d.Issues, tc.holds)
				}
				return
			}
			if d.Fields[f.Name] != tc.want || len(d.Issues) > 0 {
				t.Fatalf("read %q (issues %v), want %q", d.Fields[f.Name], d.Issues, tc.want)
			}
		})
	}
}

// An option a person adds after the mapping is learned when its name is a
// word for a kaigi value (the schema is read again once); kaigi then
// writes it by its ID.
func TestAddedOptionIsLearnedByItsWord(t *testing.T) {
	ctx := context.Background()
	tb := workspace(t, LangJapanese)
	spec, f := teamProperty(t, tb, data.EntityTask, "state", "status", opts("To-do/未着手", "In progress/対応中", "Complete/完了")...)
	fresh := tb.schemas[data.EntityTask]
	p := fresh.Properties["Team state"]
	p.Options = append(p.Options, api.Option{ID: "o-new", Name: "中止", Group: "Complete"})
	fresh.Properties = map[string]api.Property{"Team state": p}
	tb.fresh[data.EntityTask] = fresh
	c := Codec{Lang: LangJapanese, Resolver: tb}

	out, err := c.Encode(ctx, spec, merge.Fields{"state": "cancelled"}, merge.Fields{"state": "cancelled"})
	if err != nil {
		t.Fatal(err)
	}
	if tb.rereads != 1 || tb.learned != 1 || fmt.Sprint(out.Props["Team state"]) != "map[status:map[id:o-new]]" || len(out.Issues) > 0 {
		t.Fatalf("rereads %d, learned %d, props %v, issues %v", tb.rereads, tb.learned, out.Props, out.Issues)
	}
	pg := api.Page{Properties: map[string]api.PropValue{"Team state": {Type: "status", Status: &api.OptionRef{ID: "o-new", Name: "中止"}}}}
	d, err := c.Decode(ctx, spec, []FieldSpec{f}, pg)
	if err != nil || d.Fields["state"] != "cancelled" {
		t.Fatalf("read %v, %v", d.Fields, err)
	}
}

// A select with no option for a value gets one, named in the team's
// language, and kaigi says so; a checkbox writes what the value reads as.
func TestMissingSelectOptionIsAddedInTheTeamsWords(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		lang Lang
		want string
	}{{LangJapanese, "見送り"}, {LangEnglish, "Dropped"}} {
		tb := workspace(t, tc.lang)
		spec, _ := teamProperty(t, tb, data.EntityAgenda, "state", "select", opts("Open", "Done")...)
		out, err := Codec{Lang: tc.lang, Resolver: tb}.Encode(ctx, spec, merge.Fields{"state": "dropped"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(out.Props["Team state"]); got != "map[select:map[name:"+tc.want+"]]" || len(out.Notes) != 1 || tb.learned != 1 {
			t.Fatalf("%s: props %s, notes %v", tc.lang, got, out.Notes)
		}
	}
	tb := workspace(t, LangEnglish)
	spec, f := teamProperty(t, tb, data.EntityAgenda, "state", "checkbox")
	c := Codec{Lang: LangEnglish, Resolver: tb}
	out, err := c.Encode(ctx, spec, merge.Fields{"state": "dropped"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out.Props["Team state"]) != "map[checkbox:false]" || out.Written["state"] != "open" || c.RoundTrip(spec, f, "dropped") != "open" {
		t.Fatalf("a dropped agenda on a checkbox: props %v, written %q", out.Props, out.Written["state"])
	}
}
