package ladr

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// AllLADRs reads every live LADR, page by page.
func AllLADRs(ctx context.Context, st *data.Store) ([]data.LADR, error) {
	const pageSize = 500
	var all []data.LADR
	for off := 0; ; off += pageSize {
		page, err := st.LADRs(ctx, data.LADRFilter{Page: data.Page{Limit: pageSize, Offset: off}})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < pageSize {
			return all, nil
		}
	}
}

// LinksFor looks up the numbers of the records l supersedes and is
// superseded by.
func LinksFor(ctx context.Context, st *data.Store, l data.LADR) (Links, error) {
	var links Links
	for _, id := range l.Supersedes {
		o, err := st.LADR(ctx, id)
		if err != nil {
			return links, err
		}
		links.Supersedes = append(links.Supersedes, o.Number)
	}
	for _, id := range l.SupersededBy {
		o, err := st.LADR(ctx, id)
		if err != nil {
			return links, err
		}
		links.SupersededBy = append(links.SupersededBy, o.Number)
	}
	pages, err := syncdb.New(st).PageIDs(ctx, data.EntityLADR)
	if err != nil {
		return links, err
	}
	links.NotionURL = notionURL(pages[string(l.ID)])
	return links, nil
}

// notionURL is the address of a synced page ("" when there is none); Notion
// resolves a page's undashed ID under notion.so.
func notionURL(pageID string) string {
	if pageID == "" {
		return ""
	}
	return "https://www.notion.so/" + strings.ReplaceAll(pageID, "-", "")
}

// linksFrom is LinksFor over records already in memory.
func linksFrom(l data.LADR, numbers map[data.LADRID]int, pages map[string]string) Links {
	links := Links{NotionURL: notionURL(pages[string(l.ID)])}
	for _, id := range l.Supersedes {
		links.Supersedes = append(links.Supersedes, numbers[id])
	}
	for _, id := range l.SupersededBy {
		links.SupersededBy = append(links.SupersededBy, numbers[id])
	}
	return links
}

// Export writes every live LADR into dir as a file named by the layout's
// pattern, then the index. Files whose content is already right are not
// rewritten. It returns the names of the files it wrote.
func Export(ctx context.Context, st *data.Store, r *Renderer, dir string, ly Layout) ([]string, error) {
	all, err := AllLADRs(ctx, st)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	numbers := make(map[data.LADRID]int, len(all))
	for _, l := range all {
		numbers[l.ID] = l.Number
	}
	pages, err := syncdb.New(st).PageIDs(ctx, data.EntityLADR)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, l := range all {
		out, err := r.RenderDocument(NewDocument(l, linksFrom(l, numbers, pages)))
		if err != nil {
			return written, err
		}
		name := ly.FileName(l.Number, l.Slug)
		changed, err := writeIfChanged(filepath.Join(dir, name), out)
		if err != nil {
			return written, err
		}
		if changed {
			written = append(written, name)
		}
		if err := st.SetLADRFile(ctx, name, l.ID); err != nil {
			return written, err
		}
	}
	changed, err := WriteIndex(dir)
	if changed {
		written = append(written, IndexName)
	}
	return written, err
}

func writeIfChanged(path string, content []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return false, nil
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	return true, nil
}

// ParseDir parses every record file in dir.
func ParseDir(dir string) ([]File, error) {
	names, err := RecordFiles(dir)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(names))
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		files = append(files, Parse(name, src))
	}
	return files, nil
}

// WriteIndex regenerates dir/README.md from the files in dir and reports
// whether it changed.
func WriteIndex(dir string) (bool, error) {
	files, err := ParseDir(dir)
	if err != nil {
		return false, err
	}
	return writeIfChanged(filepath.Join(dir, IndexName), Index(files))
}

// Index renders the README table of a folder of LADR files: number,
// title, status, date and superseded-by, ordered by number.
func Index(files []File) []byte {
	sorted := append([]File(nil), files...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Doc.Number < sorted[j].Doc.Number })
	byNumber := map[int]File{}
	supersededBy := map[int][]int{}
	for _, f := range sorted {
		if _, dup := byNumber[f.Doc.Number]; !dup {
			byNumber[f.Doc.Number] = f
		}
		supersededBy[f.Doc.Number] = append(supersededBy[f.Doc.Number], f.Doc.SupersededBy...)
		for _, old := range f.Doc.Supersedes {
			supersededBy[old] = append(supersededBy[old], f.Doc.Number)
		}
	}
	var b strings.Builder
	b.WriteString("# Architecture decision records\n\n")
	b.WriteString("<!-- Generated by `kaigi ladr index` from the files in this folder. Edit the LADR files, not this table. -->\n\n")
	b.WriteString("| Number | Title | Status | Date | Superseded by |\n|---:|---|---|---|---|\n")
	for _, f := range sorted {
		var later []string
		for _, n := range sortedNumbers(supersededBy[f.Doc.Number]) {
			if o, ok := byNumber[n]; ok {
				later = append(later, fmt.Sprintf("[%04d](%s)", n, fileLink(o.Path)))
			} else {
				later = append(later, fmt.Sprintf("%04d", n))
			}
		}
		fmt.Fprintf(&b, "| %04d | [%s](%s) | %s | %s | %s |\n", f.Doc.Number, tableCell(f.Doc.Title), fileLink(f.Path),
			f.Doc.State, f.Doc.Date, strings.Join(later, ", "))
	}
	return []byte(b.String())
}

// tableCell keeps a title inside its table cell and its link text.
func tableCell(s string) string {
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "[", `\[`, "]", `\]`, "<", "&lt;").Replace(oneLine(s))
}

// fileLink is a relative link to a file in the same folder, escaped so
// that spaces and parentheses in odd file names still link.
func fileLink(name string) string {
	return (&url.URL{Path: name}).EscapedPath()
}
