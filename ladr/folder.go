package ladr

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// folder is a decision-record folder as read from disk: its record files,
// parsed, its template and the convention they show.
type folder struct {
	dir   string
	key   string // names the folder in the database, see folderKey
	names []string
	files []File
	srcs  [][]byte
	errs  []error // a file that could not be read
	tpl   *convention.Template
	conv  convention.Convention
	index indexFile

	tplName string
	parsed  bool // files, srcs, errs, tpl and conv are read

	areas        []string            // subfolders holding records, when the folder is split by area
	translations map[string][]string // record name → its translations beside it (0003-x.ja.md)
	below        string              // a folder below holding records, when this one holds none
	belowCount   int
}

// readFolder reads and parses every record file of dir. A missing folder
// reads as an empty one.
func readFolder(ctx context.Context, dir string, fallback convention.Naming) (*folder, error) {
	fo, err := listFolder(ctx, dir)
	if err != nil {
		return nil, err
	}
	fo.parse(fallback)
	return fo, nil
}

// listFolder finds the record files, template and index of dir without
// reading the records: an export of records nobody changed reads none.
func listFolder(ctx context.Context, dir string) (*folder, error) {
	dir = resolveDir(dir)
	fo := &folder{dir: dir, translations: map[string][]string{}}
	var err error
	if fo.key, err = folderKey(ctx, dir); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, data.Invalid("dir", "cannot read LADR folder: %v", err)
	}
	var subdirs, markdown []string
	hasIndex := false
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && strings.EqualFold(name, "templates"):
			if _, err := os.Stat(filepath.Join(dir, name, "template.md")); err == nil {
				fo.tplName = name + "/template.md" // adr-tools' place
			}
		case e.IsDir() && !strings.HasPrefix(name, "."):
			subdirs = append(subdirs, name)
		case e.IsDir() || strings.HasPrefix(name, ".") || !isMarkdown(name):
		case isTemplateName(name):
			if fo.tplName == "" || templateRank(name) < templateRank(fo.tplName) {
				fo.tplName = name
			}
		case isIndexName(name):
			hasIndex = true
		default:
			markdown = append(markdown, name)
		}
	}
	fo.names = fo.splitTranslations("", markdown)
	fo.addAreas(subdirs)
	sort.Strings(fo.names)
	fo.index = findIndex(dir)
	fo.index.readme = fo.index.readme || hasIndex
	return fo, nil
}

// FolderOf is the folder kaigi reads and writes for dir: the one its
// .adr-dir names, else dir itself.
func FolderOf(dir string) string { return resolveDir(dir) }

// resolveDir follows adr-tools' .adr-dir: a folder that has one keeps its
// records where the file says.
func resolveDir(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, ".adr-dir"))
	if err != nil {
		return dir
	}
	rel := strings.TrimSpace(firstLineOf(string(b)))
	if rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return dir
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

// translation is a language tag before the extension: 0003-x.ja.md,
// README.pt-BR.md.
var translation = regexp.MustCompile(`^(.+)\.([a-z]{2}(?:[-_][A-Za-z]{2,4})?)(\.(?i:md|markdown))$`)

// splitTranslations keeps the records of one folder (area is "" or the
// subfolder) and files the translations beside them under their record.
func (fo *folder) splitTranslations(area string, names []string) []string {
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	var records []string
	for _, n := range names {
		full := path.Join(area, n)
		if m := translation.FindStringSubmatch(n); m != nil && have[m[1]+m[3]] {
			rec := path.Join(area, m[1]+m[3])
			fo.translations[rec] = append(fo.translations[rec], full)
			continue
		}
		records = append(records, full)
	}
	return records
}

// addAreas takes in the records of subfolders when the folder is split by
// area: records in two subfolders or more, or beside its own. A folder
// whose records are all in one subfolder (docs, above docs/adr) is a
// parent: the import says where the records are.
func (fo *folder) addAreas(subdirs []string) {
	found := map[string][]string{}
	var areas []string
	for _, sub := range subdirs {
		if names := recordNames(filepath.Join(fo.dir, sub)); len(names) > 0 {
			found[sub] = names
			areas = append(areas, sub)
		}
	}
	if len(areas) >= 2 || (len(areas) == 1 && len(fo.names) > 0) {
		fo.areas = areas
		for _, a := range areas {
			fo.names = append(fo.names, fo.splitTranslations(a, found[a])...)
		}
		return
	}
	if len(fo.names) == 0 {
		fo.below, fo.belowCount = recordsBelow(fo.dir, 3)
	}
}

// layoutNotes tell people how kaigi read the folder's layout: its areas,
// or, for a folder with no records, where records are below it.
func (fo *folder) layoutNotes() []string {
	var out []string
	switch {
	case len(fo.areas) > 0 && fo.conv.PerArea:
		out = append(out, fmt.Sprintf("records in areas %s; each area numbers its own records", strings.Join(fo.areas, ", ")))
	case len(fo.areas) > 0:
		out = append(out, fmt.Sprintf("records in areas %s, numbered in one sequence", strings.Join(fo.areas, ", ")))
	case len(fo.names) == 0 && fo.below != "":
		out = append(out, fmt.Sprintf("no records in %s itself; %d record files are in %s: import that folder",
			fo.dir, fo.belowCount, filepath.Join(fo.dir, filepath.FromSlash(fo.below))))
	}
	if n := len(fo.translations); n > 0 {
		out = append(out, fmt.Sprintf("%d records have translations beside them (…ja.md and the like), read as the same records", n))
	}
	return out
}

// recordNames are the files of dir named as records are (a number or a
// date first), templates, indexes and translations left out.
func recordNames(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !isMarkdown(name) || isTemplateName(name) || isIndexName(name) {
			continue
		}
		if _, _, _, _, _, ok := convention.Split(name); ok {
			out = append(out, name)
		}
	}
	return out
}

// recordsBelow finds the folder under dir, depth levels down at most, with
// the most record files, for a report on a parent folder.
func recordsBelow(dir string, depth int) (string, int) {
	best, bestN := "", 0
	var walk func(rel string, d int)
	walk = func(rel string, d int) {
		entries, err := os.ReadDir(filepath.Join(dir, rel))
		if err != nil {
			return
		}
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "node_modules" {
				continue
			}
			sub := path.Join(rel, e.Name())
			if n := len(recordNames(filepath.Join(dir, sub))); n > bestN {
				best, bestN = sub, n
			}
			if d > 1 {
				walk(sub, d-1)
			}
		}
	}
	walk("", depth)
	return best, bestN
}

// parse reads and parses the record files and the template, and learns
// the folder's convention from them.
func (fo *folder) parse(fallback convention.Naming) {
	if fo.parsed {
		return
	}
	fo.parsed = true
	for _, name := range fo.names {
		src, err := os.ReadFile(filepath.Join(fo.dir, name))
		fo.srcs = append(fo.srcs, src)
		fo.errs = append(fo.errs, err)
		fo.files = append(fo.files, Parse(name, src))
	}
	if fo.tplName != "" {
		if src, err := os.ReadFile(filepath.Join(fo.dir, filepath.FromSlash(fo.tplName))); err == nil {
			fo.tpl = parseTemplate(fo.tplName, src)
		}
	}
	var samples []convention.Sample
	for i, f := range fo.files {
		if fo.errs[i] == nil {
			samples = append(samples, f.Sample)
		}
	}
	fo.conv = convention.Detect(samples, fo.tpl, fallback)
}

// numbers are the record numbers the folder's file names carry.
func (fo *folder) numbers() map[string]int {
	out := map[string]int{}
	for _, name := range fo.names {
		if n, ok := convention.NumberOf(path.Base(name)); ok {
			out[name] = n
		}
	}
	return out
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

var templateWords = regexp.MustCompile(`^[_.]*((adr|ladr|decision|record|madr)[-_ ]?)?(template|テンプレート|ひな形|雛形)([-_ ].*)?$|[-_](template|テンプレート)$`)

// isTemplateName tells a folder's template from its records: template.md,
// adr-template.md, TEMPLATE.md, adr-template-minimal.md, 000-ADR-template.md.
// A record about templates ("0005-choose-a-template-engine.md") stays a
// record.
func isTemplateName(name string) bool {
	base := strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))
	if _, _, _, rest, _, ok := convention.Split(name); ok {
		base = strings.ToLower(rest)
	}
	return templateWords.MatchString(base)
}

// templateRank orders a folder's templates: the one adr-tools, MADR and
// log4brains use first, variants ("-minimal", "-bare") after.
func templateRank(name string) int {
	order := []string{"templates/template.md", "adr-template.md", "template.md", "TEMPLATE.md", "ladr-template.md"}
	if i := slices.Index(order, name); i >= 0 {
		return i
	}
	return len(order) + len(name)
}

// indexWords name a folder's README or table of contents, in any
// language: README.md, README.ja.md, index.md, 目次.md.
var indexWords = regexp.MustCompile(`^(readme|index|toc|contents|summary|目次|索引|一覧|はじめに|概要)([._-][a-z]{2}(?:[-_][a-z]{2,4})?)?$`)

func isIndexName(name string) bool {
	l := strings.ToLower(name)
	return l == kaigiIndexName || indexWords.MatchString(strings.TrimSuffix(l, strings.ToLower(filepath.Ext(l))))
}

// folderKey names a folder the same way in every checkout: the origin URL
// of its git repository and its path inside it, or, outside git, its
// absolute path.
func folderKey(ctx context.Context, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("LADR folder %s: %w", dir, err)
	}
	abs = filepath.Clean(abs)
	probe := abs
	for probe != "" {
		if _, err := os.Stat(probe); err == nil {
			break
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			break
		}
		probe = parent
	}
	g := gitRepo{dir: probe}
	top, err := g.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return abs, nil
	}
	top = strings.TrimSpace(top)
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	realAbs := abs
	if r, err := filepath.EvalSymlinks(probe); err == nil {
		realAbs = filepath.Join(r, strings.TrimPrefix(abs, probe))
	}
	rel, err := filepath.Rel(top, realAbs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return abs, nil
	}
	repo := top
	if url, err := g.run(ctx, "config", "--get", "remote.origin.url"); err == nil && strings.TrimSpace(url) != "" {
		repo = strings.TrimSpace(url)
	}
	return repo + ":" + filepath.ToSlash(rel), nil
}

var optionalMark = regexp.MustCompile(`(?i)<!--[^>]*optional[^>]*-->`)

// parseTemplate reads a folder's template: its sections in order, which
// of them it marks optional (MADR's "This is an optional element" before a
// heading, log4brains' "<!-- optional -->" after one), the guidance under
// each, and the status words it offers.
func parseTemplate(name string, src []byte) *convention.Template {
	f := Parse(name, src)
	t := &convention.Template{Name: name, Text: string(src), Sample: f.Sample, Optional: map[string]bool{}}
	text := f.lay.text
	prevOptional := false
	for _, s := range f.lay.sections {
		body := text[s.body.start:s.body.end]
		optional := prevOptional || optionalMark.MatchString(s.heading)
		trimmed := strings.TrimRight(body, " \t\n")
		prevOptional = false
		if i := strings.LastIndex(trimmed, "\n"); optionalMark.MatchString(trimmed[i+1:]) {
			prevOptional = true
			body = trimmed[:i+1]
		}
		t.Sections = append(t.Sections, convention.Section{Heading: cleanHeading(s.heading), Key: s.key,
			Optional: optional, Guidance: sectionText(body)})
		if s.key == secStatus && optional {
			t.Optional["status"] = true
		}
	}
	if fs, ok := f.lay.fields["status"]; ok {
		t.Status = text[fs.value.start:fs.value.end]
		if optionalMark.MatchString(text[fs.line.start:fs.line.end]) {
			t.Optional["status"] = true
		}
	}
	if k, ok := f.lay.key("status"); ok {
		t.Status = strings.TrimSpace(text[k.start:k.end][len(k.name)+1:])
		if strings.Contains(strings.ToLower(text[f.lay.fm.start:f.lay.fm.end]), "optional") {
			t.Optional["status"] = true
		}
	}
	if s, ok := f.lay.section(secStatus); ok && t.Status == "" {
		t.Status = firstLineOf(strings.TrimSpace(text[s.body.start:s.body.end]))
	}
	return t
}
