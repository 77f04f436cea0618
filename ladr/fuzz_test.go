package ladr

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic, and
// whatever it reads must render to a file that parses to the same record.
// Seeds are in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		file := Parse(name, src)
		// Links to records by file name are the folder's; kaigi's own
		// format links by number, so they are not part of this round trip.
		file.Doc.SupersedesFiles, file.Doc.SupersededByFiles = nil, nil
		if !utf8.ValidString(file.Doc.Title) {
			return // the store refuses invalid UTF-8 before anything renders it
		}
		out, err := (&Renderer{tmpl: defaultTemplate}).RenderDocument(file.Doc)
		if err != nil {
			t.Fatalf("render of a parsed file: %v", err)
		}
		again := Parse(name, out)
		if !reflect.DeepEqual(again.Doc, file.Doc) {
			t.Fatalf("the rendered file reads back as another record\nparsed:  %#v\nreparsed: %#v\nfile:\n%s", file.Doc, again.Doc, out)
		}
		out2, err := (&Renderer{tmpl: defaultTemplate}).RenderDocument(again.Doc)
		if err != nil {
			t.Fatalf("second render: %v", err)
		}
		if string(out) != string(out2) {
			t.Fatalf("render → parse → render is not stable\nfirst:\n%s\nsecond:\n%s", out, out2)
		}
	})
}
