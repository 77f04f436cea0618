package ladr

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
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

// ExportOptions change what Export writes.
type ExportOptions struct {
	// Renderer is kaigi's template, for a folder with no records of its own.
	Renderer *Renderer
	// Naming names new files in a folder whose records show no naming of
	// their own (--pattern); nil keeps kaigi's NNNN-slug.md.
	Naming convention.Naming
	// All writes the records whose file is in another folder too.
	All bool
	// Only writes these records (and nothing else); nil is every record.
	Only []data.LADRID
	// Area is where new files go in a folder split by area: the subfolder,
	// or the area word of names like ADR-DATA-001-x.md.
	Area string
	// FileNumber is the number the file of Only[0] carries when it is not
	// kaigi's: in a folder whose areas number their own records, kaigi's
	// numbers stay unique across areas.
	FileNumber int
}

// ExportResult lists what Export wrote and the records it left alone.
type ExportResult struct {
	Written   []string // file names in the folder
	Unchanged int      // records whose file already says what kaigi has
	Skipped   []string // one line per record kaigi could not write, and why
	Notes     []string
	Index     string // the index file written, if any
}

// Export writes the folder's records the way the folder writes them. A
// record with a file there gets what changed in kaigi since the last
// import or export written into that file, changing only those lines; a
// record nobody changed is not written at all. A record with no file yet
// gets a new one named and shaped as the folder's records are (kaigi's own
// template in a folder with none). Records whose file is in another folder
// are left to it unless opt.All is set. kaigi's index is updated where
// the folder has one (see WriteIndex) and something changed.
func Export(ctx context.Context, st *data.Store, dir string, opt ExportOptions) (ExportResult, error) {
	var res ExportResult
	fo, p, err := openPlanner(ctx, st, dir, opt)
	if err != nil {
		return res, err
	}
	p.checkGone = true
	if opt.All {
		if err := p.keepOtherNames(ctx); err != nil {
			return res, err
		}
	}
	files, skipped := p.plan(opt.Only, opt.All)
	res.Skipped = skipped
	if p.leftElsewhere > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d records have their files in other folders; export those folders, or use --all to write them here too", p.leftElsewhere))
	}
	res.Unchanged = p.unchanged
	for _, f := range files {
		if !f.write {
			res.Unchanged++
		}
		for _, n := range f.notes {
			res.Notes = append(res.Notes, f.name+": "+n)
		}
	}
	if res.Written, err = p.write(ctx, files); err != nil {
		return res, err
	}
	if err := st.SaveLADRFolder(ctx, fo.key, p.conv.Marshal()); err != nil {
		return res, err
	}
	hasIndex := fo.index.name != "" || (p.conv.IsKaigi() && !fo.index.readme)
	if hasIndex && (len(res.Written) > 0 || (fo.index.name == "" && len(fo.names) == 0 && len(files) > 0)) {
		again, err := readFolder(ctx, dir, opt.Naming)
		if err != nil {
			return res, err
		}
		again.conv = p.conv
		name, changed, err := again.writeIndex(false)
		if err != nil {
			return res, err
		}
		if changed {
			res.Index = name
			res.Written = append(res.Written, name)
		}
	}
	return res, nil
}

// openPlanner reads the folder and the convention kaigi keeps for it: the
// one stored at its last import or export, else what its files show.
func openPlanner(ctx context.Context, st *data.Store, dir string, opt ExportOptions) (*folder, *planner, error) {
	fo, err := listFolder(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	conv, err := folderConvention(ctx, st, fo, opt.Naming)
	if err != nil {
		return nil, nil, err
	}
	if opt.Naming.Pattern != "" && conv.Files == 0 {
		conv.Naming = opt.Naming
	}
	fo.conv = conv
	p, err := newPlanner(ctx, st, fo, conv, opt.Renderer)
	if p != nil {
		p.area = opt.Area
		if opt.FileNumber > 0 && len(opt.Only) > 0 {
			p.fileNumbers[opt.Only[0]] = opt.FileNumber
		}
	}
	return fo, p, err
}

// folderConvention is the stored convention of a folder; the folder's
// files are read to learn it only when kaigi stored none, or the folder
// now has more records than kaigi learned it from.
func folderConvention(ctx context.Context, st *data.Store, fo *folder, fallback convention.Naming) (convention.Convention, error) {
	stored, err := st.LADRFolder(ctx, fo.key)
	if err != nil {
		return convention.Convention{}, err
	}
	if stored != "" {
		conv, err := convention.Unmarshal(stored)
		// A folder this machine cannot see keeps what kaigi stored, even from an older kaigi.
		current := conv.Version == convention.Version || len(fo.names) == 0
		if err == nil && current && len(fo.names) <= conv.Files && (fo.tplName == "" || conv.Template != "") {
			return conv, nil
		}
	}
	fo.parse(fallback)
	return fo.conv, nil
}

// RenderFile is an LADR's file as an export into dir would write it, and
// the file's path for a reader: dir joined with its name, or, for a record
// whose file is in another folder, that folder's path in its repository
// with the name. A folder kaigi knows but cannot see on this machine (the
// web server's) is read from what kaigi last synced.
func RenderFile(ctx context.Context, st *data.Store, dir string, id data.LADRID, opt ExportOptions) ([]byte, string, error) {
	at := filepath.ToSlash(dir)
	fo, p, err := openPlanner(ctx, st, dir, opt)
	if err != nil {
		return nil, "", err
	}
	if _, has := p.rows[id]; !has {
		rows, err := st.LADRFilesOf(ctx, id)
		if err != nil {
			return nil, "", err
		}
		if len(rows) > 0 && rows[0].Folder != "" && rows[0].Folder != fo.key {
			other := &folder{dir: dir, key: rows[0].Folder, conv: fo.conv, parsed: true}
			if other.conv, err = folderConvention(ctx, st, other, opt.Naming); err != nil {
				return nil, "", err
			}
			if p, err = newPlanner(ctx, st, other, other.conv, opt.Renderer); err != nil {
				return nil, "", err
			}
			p.rows[id], p.names[id] = rows[0], rows[0].Path
			at = folderPath(rows[0].Folder)
		}
	}
	disk := p.read
	p.read = func(name string) ([]byte, error) {
		if b, err := disk(name); err == nil {
			return b, nil
		}
		if row, ok := p.rows[id]; ok && row.Path == name && len(row.Content) > 0 {
			return row.Content, nil
		}
		return nil, data.Errorf(data.ENOTFOUND, "%s is not in the folder", name)
	}
	files, skipped := p.plan([]data.LADRID{id}, true)
	if len(files) > 0 {
		return files[0].content, path.Join(at, files[0].name), nil
	}
	if row, ok := p.rows[id]; ok {
		b, err := p.read(row.Path)
		return b, path.Join(at, row.Path), err
	}
	return nil, "", data.Errorf(data.ECONFLICT, "%s", strings.Join(skipped, "; "))
}

// folderPath is where a folder is inside its repository, from its key
// (see folderKey): the part after "repository:", or the whole absolute
// path of a folder outside git.
func folderPath(key string) string {
	return key[strings.LastIndex(key, ":")+1:]
}
