package ladr

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// genRecord is one generated record file and where each of its fields is,
// as line ranges [from, to) of the file the generator wrote.
type genRecord struct {
	name   string
	text   string
	fields map[string][2]int
}

// genBody is a random section body: paragraphs, lists, code with
// heading-like lines, Japanese, tables.
func genBody(r *rand.Rand) string {
	pieces := []string{
		"One server is enough for the load we have.",
		"画面ごとに状態の持ち方がばらばらで、不具合の原因になっている。",
		"- first point\n- second point",
		"```sh\n## not a heading\necho hi\n```",
		"| a | b |\n|---|---|\n| 1 | 2 |",
		"See [the design notes](https://example.com/notes) for why.",
		"1. step one\n2. step two",
		"> quoted: text",
	}
	n := 1 + r.IntN(3)
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, pieces[r.IntN(len(pieces))])
	}
	return strings.Join(out, "\n\n")
}

func lines(s string) int { return strings.Count(s, "\n") }

// builder writes a file line by line and notes where fields are.
type builder struct {
	b      strings.Builder
	fields map[string][2]int
}

func (b *builder) add(s string) { b.b.WriteString(s) }
func (b *builder) field(name, s string) {
	start := lines(b.b.String())
	b.b.WriteString(s)
	b.fields[name] = [2]int{start, lines(b.b.String())}
}
func (b *builder) gap(r *rand.Rand) {
	b.add("\n")
	if r.IntN(4) == 0 {
		b.add("\n") // a person's extra blank line
	}
}

var genStatuses = map[string][]string{
	"adr-tools": {"Accepted", "Proposed", "Deprecated"}, "madr": {"accepted", "proposed", "rejected"},
	"log4brains": {"accepted", "proposed", "deprecated"}, "rakus": {"承認", "提案", "却下"},
	"japanese": {"承認済み", "提案中", "却下", "保留"},
}

// genFolder writes n records of one convention into dir.
func genFolder(t testing.TB, r *rand.Rand, kind, dir string, n int) []genRecord {
	var out []genRecord
	for i := 1; i <= n; i++ {
		b := &builder{fields: map[string][2]int{}}
		title := fmt.Sprintf("Decision %d about caching", i)
		if r.IntN(2) == 0 {
			title = fmt.Sprintf("決定%dはキャッシュについて", i)
		}
		status := genStatuses[kind][r.IntN(len(genStatuses[kind]))]
		date := fmt.Sprintf("2023-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
		var name string
		switch kind {
		case "adr-tools":
			name = fmt.Sprintf("%04d-decision-%d.md", i, i)
			b.field("title", fmt.Sprintf("# %d. %s\n", i, title))
			b.add("\n")
			b.field("date", "Date: "+date+"\n")
			b.add("\n## Status\n\n")
			b.field("status", status+"\n")
			for _, sec := range []string{"Context", "Decision", "Consequences"} {
				b.gap(r)
				b.add("## " + sec + "\n\n")
				b.field(strings.ToLower(sec), genBody(r)+"\n")
			}
		case "madr":
			name = fmt.Sprintf("%04d-decision-%d.md", i, i)
			b.add(fmt.Sprintf("---\nparent: Decisions\nnav_order: %d\n", i))
			b.field("status", "status: "+status+"\n")
			b.field("date", "date: "+date+"\n")
			b.field("authors", "decision-makers: Aiko, Ben\n")
			b.add("consulted: the platform team\n---\n")
			b.field("title", "# "+title+"\n")
			b.add("\n## Context and Problem Statement\n\n")
			b.field("context", genBody(r)+"\n")
			b.add("\n## Considered Options\n\n* one\n* two\n\n## Decision Outcome\n\n")
			b.field("decision", genBody(r)+"\n")
			b.gap(r)
			b.add("## More Information\n\n")
			b.field("extra", genBody(r)+"\n")
		case "log4brains":
			name = fmt.Sprintf("2023%02d%02d-decision-%d.md", 1+i%12, 1+i%28, i)
			b.field("title", "# "+title+"\n")
			b.add("\n")
			b.field("status", "- Status: "+status+"\n")
			b.field("authors", "- Deciders: Mia, Jonas\n")
			b.field("date", "- Date: "+date+"\n")
			b.add("- Tags: payments\n\n## Context and Problem Statement\n\n")
			b.field("context", genBody(r)+"\n")
			b.add("\n## Considered Options\n\n- one\n- two\n\n## Decision Outcome\n\n")
			b.field("decision", genBody(r)+"\n")
		case "rakus":
			name = fmt.Sprintf("adr-%03d-決定%d.md", i, i)
			b.field("title", "# "+title+"\n")
			b.add("\n## Date - 日付\n\n")
			b.field("date", date+"\n")
			b.add("\n## Status - ステータス\n\n")
			b.field("status", status+"\n")
			for _, sec := range [][2]string{{"Context - 文脈", "context"}, {"Decision - 決定", "decision"}, {"Consequences - 結果", "consequences"}} {
				b.gap(r)
				b.add("## " + sec[0] + "\n\n")
				b.field(sec[1], genBody(r)+"\n")
			}
		case "japanese":
			name = fmt.Sprintf("%03d_決定%d.md", i, i)
			b.field("title", fmt.Sprintf("# ADR-%03d: %s\n", i, title))
			b.add("\n")
			b.field("status", "- ステータス: "+status+"\n")
			b.field("date", "- 日付: "+date+"\n")
			b.field("authors", "- 決定者: 山田, 佐藤\n")
			for _, sec := range [][2]string{{"背景 (Context)", "context"}, {"決定 (Decision)", "decision"}, {"結果 (Consequences)", "consequences"}} {
				b.gap(r)
				b.add("## " + sec[0] + "\n\n")
				b.field(sec[1], genBody(r)+"\n")
			}
		}
		text := b.b.String()
		if kind == "japanese" && r.IntN(2) == 0 {
			text = strings.ReplaceAll(text, "\n", "\r\n") // written on Windows
		}
		must(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
		out = append(out, genRecord{name: name, text: text, fields: b.fields})
	}
	return out
}

// editSeeds keeps the default run quick; CI runs -edit-seeds 24 as a step
// of its own (.ci/run).
var editSeeds = flag.Int("edit-seeds", 4, "TestEditChangesOnlyItsLines: generated folders per convention (CI runs 24)")

// TestEditChangesOnlyItsLines generates folders of each convention,
// imports them, edits one field of one record in kaigi and exports: the
// file changes in that field's lines only, reads back with the new value,
// and every other file keeps every byte.
func TestEditChangesOnlyItsLines(t *testing.T) {
	ctx := context.Background()
	for _, kind := range []string{"adr-tools", "madr", "log4brains", "rakus", "japanese"} {
		for seed := uint64(1); seed <= uint64(*editSeeds); seed++ {
			t.Run(fmt.Sprintf("%s/seed-%d", kind, seed), func(t *testing.T) {
				r := rand.New(rand.NewPCG(seed, 9))
				dir := t.TempDir()
				recs := genFolder(t, r, kind, dir, 6)
				st := openStore(t)
				res, err := Import(ctx, st, dir, ImportOptions{})
				must(t, err)
				ids := map[string]data.LADRID{}
				files, err := st.LADRFiles(ctx, mustKey(t, dir))
				must(t, err)
				for _, f := range files {
					ids[f.Path] = f.LADRID
				}
				if len(ids) != len(recs) {
					t.Fatalf("%d files remembered for %d records: %+v", len(ids), len(recs), res.Files)
				}
				rec := recs[r.IntN(len(recs))]
				var names []string
				for f := range rec.fields {
					names = append(names, f)
				}
				slices.Sort(names)
				field := names[r.IntN(len(names))]
				l, err := st.LADR(ctx, ids[rec.name])
				must(t, err)
				want := editField(t, r, &l, field, kind)
				must(t, st.UpdateLADR(ctx, &l))
				ex, err := Export(ctx, st, dir, ExportOptions{})
				must(t, err)
				if len(ex.Written) != 1 || ex.Written[0] != rec.name {
					t.Fatalf("edit of %s in %s: export wrote %q (skipped %q)", field, rec.name, ex.Written, ex.Skipped)
				}
				for _, other := range recs {
					got, err := os.ReadFile(filepath.Join(dir, other.name))
					must(t, err)
					if other.name == rec.name {
						checkOnlyLines(t, field, rec, string(got))
						checkReadsBack(t, field, want, Parse(rec.name, got).Doc)
					} else if string(got) != other.text {
						t.Errorf("%s changed though only %s was edited", other.name, rec.name)
					}
				}
				again, err := Import(ctx, st, dir, ImportOptions{})
				must(t, err)
				if n := countActions(again.Files); n[Unchanged] != len(recs) {
					t.Errorf("import after the export: %v, want every file unchanged", n)
				}
			})
		}
	}
}

func mustKey(t *testing.T, dir string) string {
	k, err := folderKey(context.Background(), dir)
	must(t, err)
	return k
}

// editField changes one field of a record to a new random value and
// returns that value as the file should read back.
func editField(t *testing.T, r *rand.Rand, l *data.LADR, field, kind string) string {
	switch field {
	case "title":
		l.Title = fmt.Sprintf("Renamed %d: 状態管理にはFlowを採用する", r.IntN(100))
		return l.Title
	case "status":
		for _, st := range []data.LADRState{data.LADRRejected, data.LADROnHold, data.LADRAccepted, data.LADRDeprecated} {
			if st != l.State {
				l.State = st
				return string(st)
			}
		}
	case "date":
		l.Date = data.Date{Year: 2025, Month: 2, Day: 1 + r.IntN(27)}
		return l.Date.String()
	case "authors":
		l.Authors = []string{"Carol", "鈴木"}
		return "Carol, 鈴木"
	case "context":
		l.Context = genBody(r) + "\n\nEdited in kaigi."
		return l.Context
	case "decision":
		l.Decision = "We will cache at the edge.\n\n- with a TTL"
		return l.Decision
	case "consequences":
		l.Consequences = "Edited consequences."
		return l.Consequences
	case "extra":
		for i := range l.Extra {
			if l.Extra[i].Heading == "More Information" {
				l.Extra[i].Body = "Edited in kaigi: see the dashboard."
				return l.Extra[i].Body
			}
		}
	}
	t.Fatalf("no edit for field %s of %s", field, kind)
	return ""
}

// checkOnlyLines asserts that the lines before and after the field's
// lines are exactly as the generator wrote them.
func checkOnlyLines(t *testing.T, field string, rec genRecord, got string) {
	t.Helper()
	nl := "\n"
	if strings.Contains(rec.text, "\r\n") {
		nl = "\r\n"
		if strings.Count(got, "\r\n") != strings.Count(got, "\n") {
			t.Errorf("%s: the edit mixed line ends into a CRLF file:\n%q", rec.name, got)
		}
	}
	old := strings.SplitAfter(rec.text, nl)
	cur := strings.SplitAfter(got, nl)
	span := rec.fields[field]
	tail := len(old) - span[1]
	if len(cur) < span[0]+tail {
		t.Fatalf("%s: %d lines after editing %s, fewer than the %d untouched ones\n%s", rec.name, len(cur), field, span[0]+tail, got)
	}
	if strings.Join(old[:span[0]], "") != strings.Join(cur[:span[0]], "") ||
		strings.Join(old[span[1]:], "") != strings.Join(cur[len(cur)-tail:], "") {
		t.Errorf("%s: editing %s changed lines outside %d-%d\n--- before\n%s--- after\n%s", rec.name, field, span[0]+1, span[1], rec.text, got)
	}
}

func checkReadsBack(t *testing.T, field, want string, d Document) {
	t.Helper()
	var got string
	switch field {
	case "title":
		got = d.Title
	case "status":
		got = string(d.State)
	case "date":
		got = d.Date.String()
	case "authors":
		got = strings.Join(d.Authors, ", ")
	case "context":
		got = d.Context
	case "decision":
		got = d.Decision
	case "consequences":
		got = d.Consequences
	case "extra":
		for _, s := range d.Extra {
			if s.Heading == "More Information" {
				got = s.Body
			}
		}
	}
	if got != sectionText(want) && got != want {
		t.Errorf("%s reads back as %q, want %q", field, got, want)
	}
}
