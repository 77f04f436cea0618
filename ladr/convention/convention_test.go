package convention

import (
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

func TestParsePatternRefusesNamesOutsideTheFolder(t *testing.T) {
	for _, p := range []string{"../{number}-{slug}.md", "{number}/{slug}.md", `{number}\{slug}.md`, "{slug}.md", "{number}-{slug}.txt",
		"{number}-{slug}\x00.md", ".{number}.md", "{number}-{title}.md", "{number}\t{slug}.md"} {
		if _, err := ParsePattern(p); err == nil || data.ErrorCode(err) != data.EINVALID {
			t.Errorf("ParsePattern(%q) = %v, want a refusal", p, err)
		}
	}
	n, err := ParsePattern("adr-{number:3}-{slug}.md")
	if err != nil {
		t.Fatal(err)
	}
	if name, err := n.Name(7, data.Date{}, "use-sqlite"); err != nil || name != "adr-007-use-sqlite.md" {
		t.Errorf("Name = %q, %v", name, err)
	}
	dated, _ := ParsePattern("{date}-{slug}.md")
	if name, _ := dated.Name(7, data.Date{Year: 2026, Month: 1, Day: 5}, "x"); name != "20260105-x.md" || !dated.Dated() {
		t.Errorf("dated name %q", name)
	}
	if _, err := n.Name(1, data.Date{}, "../x"); err == nil {
		t.Error("a slug with .. made a name")
	}
}

func TestParseDateKeepsTheLayout(t *testing.T) {
	cases := map[string]string{
		"2026-01-05": "2006-01-02", "2026/1/5": "2006/1/2", "2026年1月5日": "2006年1月2日",
		"07/11/2016": "02/01/2006", "2026-01-05T10:00:00Z": "2006-01-02",
	}
	for in, layout := range cases {
		d, got, ok := ParseDate(in)
		if !ok || got != layout || d.IsZero() {
			t.Errorf("ParseDate(%q) = %v %q %v, want layout %q", in, d, got, ok, layout)
		}
		if again := FormatDate(d, got); again != strings.TrimSuffix(in, "T10:00:00Z") {
			t.Errorf("FormatDate(%v, %q) = %q, want %q", d, got, again, in)
		}
	}
	if d, _, _ := ParseDate("07/11/2016"); d.String() != "2016-11-07" {
		t.Errorf("adr-tools' old dd/mm/yyyy read as %s", d)
	}
}

func TestSplitAndNumbers(t *testing.T) {
	cases := []struct {
		name   string
		number int
		ok     bool
	}{
		{"0007-use-sqlite.md", 7, true}, {"adr-001-ADRの利用.md", 1, true}, {"001_状態管理.md", 1, true},
		{"0000-use-madr.md", 0, true}, {"20200101-x.md", 0, false}, {"notes.md", 0, false}, {"0010 Odd Name (draft).MD", 10, true},
	}
	for _, c := range cases {
		if n, ok := NumberOf(c.name); n != c.number || ok != c.ok {
			t.Errorf("NumberOf(%q) = %d %v", c.name, n, ok)
		}
	}
	if d, ok := DateOfName("2022-03-07 Fraud checks (v2).md"); !ok || d.String() != "2022-03-07" {
		t.Errorf("DateOfName = %v %v", d, ok)
	}
}

func TestStatusWords(t *testing.T) {
	for raw, want := range map[string]data.LADRState{
		"Superceded by [2. X](0002-x.md)": data.LADRSuperseded, "承認済み": data.LADRAccepted, "提案中": data.LADRProposed,
		"却下": data.LADRRejected, "廃止": data.LADRDeprecated, "保留": data.LADROnHold, "置換 [adr-4](adr-004-x.md)": data.LADRSuperseded,
		"superseded by [ADR-0005](0005-example.md)": data.LADRSuperseded, "on hold": data.LADROnHold,
	} {
		if got, ok := ParseStatus(raw); !ok || got != want {
			t.Errorf("ParseStatus(%q) = %s %v, want %s", raw, got, ok, want)
		}
	}
	closed := Words{Allowed: []string{"提案", "承認", "却下"}}
	if !closed.Known("承認") || closed.Known("Approved") || closed.Known("Maybe") {
		t.Error("a closed list of words takes other words")
	}
	open := Words{Allowed: []string{"proposed", "superseded by"}, Open: true}
	if !open.Known("accepted") || !open.Known("superseded by [x](y.md)") {
		t.Error("an open list refuses known words")
	}
}
