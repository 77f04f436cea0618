package ladr

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

const benchRecords = 2000

// benchFolder writes 2,000 rendered LADR files (with Japanese, code and
// tables in their sections) and their index.
func benchFolder(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	r := &Renderer{tmpl: defaultTemplate}
	for i := 1; i <= benchRecords; i++ {
		d := Document{Number: i, Title: fmt.Sprintf("Decision %d: 状態管理の方針", i), State: data.LADRAccepted,
			Date: data.Date{Year: 2026, Month: 1, Day: 5}, Authors: []string{"Alice"},
			Context: "日本語の段落です。\n\n```go\nfunc main() {}\n```", Specification: "### What we will do\n\n- one\n\n### What we will not do\n\n- two",
			Decision: "| a | b |\n|---|---|\n| 1 | 2 |", Consequences: "See [the first](0001-decision-1.md)."}
		if i > 1 {
			d.Supersedes = []int{i - 1}
		}
		out, err := r.RenderDocument(d)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d-decision-%d.md", i, i)), out, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := WriteIndex(dir); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkImport2000 imports 2,000 files into an empty database.
func BenchmarkImport2000(b *testing.B) {
	dir := benchFolder(b)
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		b.StartTimer()
		if _, err := Import(context.Background(), st, dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport2000 writes 2,000 records into an empty folder.
func BenchmarkExport2000(b *testing.B) {
	st := openStore(b)
	if _, err := Import(context.Background(), st, benchFolder(b)); err != nil {
		b.Fatal(err)
	}
	r := &Renderer{tmpl: defaultTemplate}
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if _, err := Export(context.Background(), st, r, out, Layout{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLint2000 lints a clean folder of 2,000 files.
func BenchmarkLint2000(b *testing.B) {
	dir := benchFolder(b)
	for b.Loop() {
		problems, err := Lint(dir)
		if err != nil || len(problems) > 0 {
			b.Fatalf("lint: %v %v", err, problems)
		}
	}
}
