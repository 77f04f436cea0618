package codec

import (
	"context"
	"fmt"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// wantOptions are the option names kaigi writes for each value, in each
// language, in databases made by init (a task's state is a Notion status:
// its default options, and none for cancelled).
var wantOptions = map[Lang]map[string]map[string]string{
	LangEnglish: {
		"agenda.state":    {"open": "Open", "resolved": "Resolved", "dropped": "Dropped"},
		"agenda.priority": {"1": "High", "2": "Medium", "3": "Low", "4": "Lowest"},
		"meeting.state":   {"planned": "Planned", "held": "Held"},
		"ladr.state": {"draft": "Draft", "proposed": "Proposed", "accepted": "Accepted", "rejected": "Rejected", "on-hold": "On hold",
			"superseded": "Superseded", "deprecated": "Deprecated"},
		"task.state":     {"todo": "Not started", "doing": "In progress", "done": "Done"},
		"decision.state": {"active": "Active", "superseded": "Superseded", "reverted": "Reverted"},
	},
	LangJapanese: {
		"agenda.state":    {"open": "未解決", "resolved": "解決済み", "dropped": "見送り"},
		"agenda.priority": {"1": "高", "2": "中", "3": "低", "4": "最低"},
		"meeting.state":   {"planned": "予定", "held": "開催済み"},
		"ladr.state": {"draft": "下書き", "proposed": "提案中", "accepted": "承認", "rejected": "却下", "on-hold": "保留",
			"superseded": "置き換え", "deprecated": "非推奨"},
		"task.state":     {"todo": "Not started", "doing": "In progress", "done": "Done"},
		"decision.state": {"active": "有効", "superseded": "置き換え", "reverted": "撤回"},
	},
}

// samples are values of every kind but options, which take every value.
var samples = map[Kind][]string{
	KindID:       {"01JBX4S6K0000000000000000A"},
	KindTitle:    {"週次定例 weekly", ""},
	KindText:     {"0 9 * * TUE", "Asia/Tokyo"},
	KindDate:     {"2026-12-08", ""},
	KindDateTime: {"2026-12-08T01:00:00Z"},
	KindEnd:      {"2026-12-08T02:30:00Z"},
	KindPeople:   {"p-aiko", "p-aiko,p-ken", ""},
	KindRelation: {"r1", "r1,r2", ""},
	KindNumber:   {"7", ""},
}

// Every field of every entity, in both languages: what Encode writes reads
// back through Decode as the same value.
func TestEveryFieldRoundTrips(t *testing.T) {
	ctx := context.Background()
	for _, lang := range []Lang{LangEnglish, LangJapanese} {
		tb := workspace(t, lang)
		withPeopleAndPages(tb)
		c := Codec{Lang: lang, Resolver: tb}
		for _, spec := range Specs {
			for _, f := range spec.Fields {
				values := samples[f.Kind]
				if f.Kind == KindSelect {
					values = f.Options
				}
				for _, v := range values {
					if f.Kind == KindBody {
						continue
					}
					t.Run(fmt.Sprintf("%s/%s.%s=%s", lang, spec.Entity, f.Name, v), func(t *testing.T) {
						local := merge.Fields{f.Name: v, IDField.Name: "rec-1", "series": "s-tokyo"}
						if f.Kind == KindEnd {
							local[f.Pair] = "2026-12-08T01:00:00Z"
						}
						out, err := c.Encode(ctx, spec, merge.Fields{f.Name: v}, local)
						if err != nil {
							t.Fatal(err)
						}
						key := string(spec.Entity) + "." + f.Name
						if f.Kind == KindSelect && wantOptions[lang][key][v] == "" {
							// No option can hold it (a cancelled task in a status of Notion's defaults).
							if out.Issues[f.Name].Kind != "option" || out.Written[f.Name] != "" {
								t.Fatalf("a value with no option: issues %v, written %q", out.Issues, out.Written[f.Name])
							}
							return
						}
						if len(out.Issues) > 0 || len(out.Notes) > 0 {
							t.Fatalf("issues %v, notes %v", out.Issues, out.Notes)
						}
						pg := pageOf(t, tb, spec, out.Props)
						if f.Kind == KindSelect {
							if got, want := optionName(tb, spec, f.Name, pg), wantOptions[lang][key][v]; got != want {
								t.Fatalf("wrote option %q, want %q", got, want)
							}
						}
						d, err := c.Decode(ctx, spec, []FieldSpec{f}, pg)
						if err != nil {
							t.Fatal(err)
						}
						want := v
						switch {
						case v == "" && f.Default == PageCreated:
							want = "2026-12-01" // the page's creation (TestEmptyAndUnreachableValues)
						case v == "":
							want = f.Default
						}
						if d.Fields[f.Name] != want || out.Written[f.Name] != v || len(d.Issues) > 0 {
							t.Fatalf("wrote %q (written %q), read back %q (issues %v)", v, out.Written[f.Name], d.Fields[f.Name], d.Issues)
						}
					})
				}
			}
		}
	}
}

// A meeting's date is written in its series' time zone, start and end in
// one property, whichever of them changed.
func TestMeetingDateIsWrittenInItsSeriesZone(t *testing.T) {
	tb := workspace(t, LangJapanese)
	withPeopleAndPages(tb)
	c := Codec{Lang: LangJapanese, Resolver: tb}
	spec, _ := SpecOf(data.EntityMeeting)
	local := merge.Fields{"starts_at": "2026-12-08T01:00:00Z", "ends_at": "2026-12-08T02:00:00Z", "series": "s-tokyo"}
	out, err := c.Encode(context.Background(), spec, merge.Fields{"ends_at": local["ends_at"]}, local)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(out.Props["日時"])
	if want := "map[date:map[end:2026-12-08T11:00:00 start:2026-12-08T10:00:00 time_zone:Asia/Tokyo]]"; got != want {
		t.Fatalf("日時 = %s, want %s", got, want)
	}
	if out.Written["starts_at"] != local["starts_at"] || out.Written["ends_at"] != local["ends_at"] {
		t.Fatalf("written %v", out.Written)
	}
}

// An empty required date reads as when the page was made; an empty
// optional one stays empty; people and relations kaigi cannot name are
// left out of what Encode writes.
func TestEmptyAndUnreachableValues(t *testing.T) {
	ctx := context.Background()
	tb := workspace(t, LangEnglish)
	withPeopleAndPages(tb)
	c := Codec{Lang: LangEnglish, Resolver: tb}
	ladr, _ := SpecOf(data.EntityLADR)
	d, err := c.Decode(ctx, ladr, ladr.Fields, pageOf(t, tb, ladr, nil))
	if err != nil {
		t.Fatal(err)
	}
	if d.Fields["date"] != "2026-12-01" || d.Fields["review_by"] != "" || d.Fields["state"] != "draft" || d.Fields["number"] != "" {
		t.Fatalf("an empty LADR page reads %v", d.Fields)
	}
	meeting, _ := SpecOf(data.EntityMeeting)
	d, err = c.Decode(ctx, meeting, meeting.Fields, pageOf(t, tb, meeting, nil))
	if err != nil {
		t.Fatal(err)
	}
	if d.Fields["starts_at"] != "2026-12-01T09:30:00Z" || d.Fields["state"] != "planned" {
		t.Fatalf("an empty meeting page reads %v", d.Fields)
	}
	task, _ := SpecOf(data.EntityTask)
	f := merge.Fields{"assignee": "p-aiko,p-nobody", "agenda": "r1,r9"}
	out, err := c.Encode(ctx, task, f, f)
	if err != nil {
		t.Fatal(err)
	}
	if out.Written["assignee"] != "p-aiko" || out.Written["agenda"] != "r1" {
		t.Fatalf("written %v: the person without an account and the agenda without a page must be left out", out.Written)
	}
	if got := fmt.Sprint(out.Props["Assignee"], out.Props["Agenda"]); got != "map[people:[map[id:u-aiko]]] map[relation:[map[id:pg-agenda-1]]]" {
		t.Fatalf("props %s", got)
	}
}
