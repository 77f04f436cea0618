package ladr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Once the sync has linked an LADR to a Notion page, its file names the
// page, both when rendered alone and when the folder is exported.
func TestFileNamesTheSyncedNotionPage(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	l := data.LADR{Title: "状態管理の方針", Slug: Slug("状態管理の方針")}
	must(t, st.CreateLADR(ctx, &l))

	links, err := LinksFor(ctx, st, l)
	must(t, err)
	if links.NotionURL != "" {
		t.Fatalf("an unsynced LADR has Notion URL %q", links.NotionURL)
	}
	// What the sync stores when it creates the page.
	must(t, syncdb.New(st).SaveLink(ctx, syncdb.Link{Entity: data.EntityLADR, LocalID: string(l.ID),
		PageID: "16cabc1e-edcd-81bc-8793-d436d9d768e6", Base: map[string]string{}}, testNow))
	const want = "https://www.notion.so/16cabc1eedcd81bc8793d436d9d768e6"

	links, err = LinksFor(ctx, st, l)
	must(t, err)
	doc, err := Render(l, links)
	must(t, err)
	if !strings.Contains(string(doc), want) {
		t.Fatalf("rendered file does not name the Notion page:\n%s", doc)
	}
	if got := Parse("x.md", doc).Doc.NotionURL; got != want {
		t.Fatalf("parsed Notion URL = %q, want %q", got, want)
	}

	dir := t.TempDir()
	r, err := NewRenderer("", i18n.English)
	must(t, err)
	res, err := Export(ctx, st, dir, ExportOptions{Renderer: r})
	must(t, err)
	names := res.Written
	if len(names) == 0 {
		t.Fatal("export wrote nothing")
	}
	exported, err := os.ReadFile(filepath.Join(dir, names[0]))
	must(t, err)
	if !strings.Contains(string(exported), want) {
		t.Fatalf("exported file %s does not name the Notion page", names[0])
	}
}
