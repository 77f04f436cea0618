package ladr

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

const benchRecords = 2000

// benchKinds are the conventions benchmarked: kaigi's own and the five
// of testdata/folders, 2,000 generated records each.
var benchKinds = []string{"kaigi", "adr-tools", "madr", "log4brains", "rakus", "japanese"}

// benchFolder writes 2,000 records of a convention into a new folder.
func benchFolder(b *testing.B, kind string) string {
	b.Helper()
	dir := b.TempDir()
	if kind != "kaigi" {
		genFolder(b, rand.New(rand.NewPCG(1, 2)), kind, dir, benchRecords)
		return dir
	}
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
	if _, _, err := WriteIndex(context.Background(), dir); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkImport imports 2,000 files into an empty database.
func BenchmarkImport(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			dir := benchFolder(b, kind)
			for b.Loop() {
				b.StopTimer()
				st := openStore(b)
				b.StartTimer()
				res, err := Import(context.Background(), st, dir, ImportOptions{})
				if err != nil || countActions(res.Files)[Created] != benchRecords {
					b.Fatalf("import: %v %v", err, countActions(res.Files))
				}
			}
		})
	}
}

// BenchmarkReimport imports the same 2,000 files again: every one unchanged.
func BenchmarkReimport(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			dir := benchFolder(b, kind)
			st := openStore(b)
			if _, err := Import(context.Background(), st, dir, ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				res, err := Import(context.Background(), st, dir, ImportOptions{})
				if err != nil || countActions(res.Files)[Unchanged] != benchRecords {
					b.Fatalf("re-import: %v %v", err, countActions(res.Files))
				}
			}
		})
	}
}

// BenchmarkExportNoop exports 2,000 imported records nobody changed into
// their own folder: nothing is written.
func BenchmarkExportNoop(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			dir := benchFolder(b, kind)
			st := openStore(b)
			if _, err := Import(context.Background(), st, dir, ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				res, err := Export(context.Background(), st, dir, ExportOptions{})
				if err != nil || len(res.Written) > 0 {
					b.Fatalf("export: %v wrote %d", err, len(res.Written))
				}
			}
		})
	}
}

// BenchmarkExportOneEdit exports after one record changed in kaigi: one
// file is written in place.
func BenchmarkExportOneEdit(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			dir := benchFolder(b, kind)
			st := openStore(b)
			if _, err := Import(ctx, st, dir, ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			l, err := st.LADRByNumber(ctx, benchRecords/2)
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				l.Consequences, l.Revision = fmt.Sprintf("Edited %d times.", i), 0
				if err := st.UpdateLADR(ctx, &l); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := Export(ctx, st, dir, ExportOptions{})
				if err != nil || len(res.Written) == 0 || len(res.Written) > 2 {
					b.Fatalf("export: %v wrote %q", err, res.Written)
				}
			}
		})
	}
}

// BenchmarkExportAll writes 2,000 records into an empty folder.
func BenchmarkExportAll(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			st := openStore(b)
			if _, err := Import(context.Background(), st, benchFolder(b, kind), ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				b.StopTimer()
				out := b.TempDir()
				b.StartTimer()
				res, err := Export(context.Background(), st, out, ExportOptions{All: true})
				if err != nil || len(res.Written) < benchRecords {
					b.Fatalf("export: %v wrote %d", err, len(res.Written))
				}
			}
		})
	}
}

// BenchmarkLint lints a consistent folder of 2,000 files.
func BenchmarkLint(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			dir := benchFolder(b, kind)
			for b.Loop() {
				problems, err := Lint(context.Background(), dir)
				if err != nil || len(problems) > 0 {
					b.Fatalf("lint: %v %v", err, problems[:min(3, len(problems))])
				}
			}
		})
	}
}
