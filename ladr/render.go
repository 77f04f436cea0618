package ladr

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
	"github.com/kaigi-dev/kaigi/templates"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// kaigi's own templates, one per language, are parsed once; the embedded
// files are part of the build, so a mistake in one fails every test rather
// than a user's command.
var (
	defaultTemplate  = template.Must(template.ParseFS(templates.LADR, "ladr/ladr.md.tmpl"))
	japaneseTemplate = template.Must(template.ParseFS(templates.LADR, "ladr/ladr.ja.md.tmpl"))
)

// Renderer writes LADR files from a Markdown template (Go text/template).
// A template sees the fields of templateData; it must print .FrontMatter
// first, because the front matter is what kaigi reads back.
type Renderer struct {
	tmpl *template.Template
	// kaigi is set for kaigi's own templates, which follow the language:
	// the folder's where it has records, else the team's (japanese).
	kaigi    bool
	japanese bool
}

// NewRenderer uses the team's own template file, or kaigi's default in
// the team's language lang (KAIGI_LANG) when path is empty.
func NewRenderer(path string, lang i18n.Lang) (*Renderer, error) {
	if path == "" {
		return kaigiRenderer(lang == i18n.Japanese), nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, data.Invalid("template", "cannot read LADR template: %v", err)
	}
	t, err := template.New(path).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, data.Invalid("template", "LADR template %s: %v", path, err)
	}
	r := &Renderer{tmpl: t}
	if _, err := r.RenderDocument(Document{Number: 1, Title: "Template check", State: data.LADRDraft}); err != nil {
		return nil, err
	}
	return r, nil
}

// templateData is what a template can print. Section bodies are Markdown
// and printed as they are: the output is a Markdown file, not HTML.
type templateData struct {
	FrontMatter   string
	Number        int
	NumberText    string // zero-padded, as in the file name
	Title         string // written for a heading line, see atxText
	Date          string
	Status        string
	StatusWord    string // the status in the template's language: 提案中 in kaigi's Japanese one
	Authors       []string
	Context       string
	Specification string
	Decision      string
	Consequences  string
	Extra         []data.Section // headings written for a heading line
}

// kaigiRenderer is kaigi's own template, Japanese or English.
func kaigiRenderer(japanese bool) *Renderer {
	if japanese {
		return &Renderer{tmpl: japaneseTemplate, kaigi: true, japanese: true}
	}
	return &Renderer{tmpl: defaultTemplate, kaigi: true}
}

// forFolder is the renderer for a new file in a folder written in kaigi's
// format: a team's own template as it is; kaigi's in the language of the
// folder's records, so a folder keeps its shape, or in the team's
// language for a folder with none yet.
func (r *Renderer) forFolder(conv convention.Convention) *Renderer {
	switch {
	case r == nil:
		return kaigiRenderer(conv.Files > 0 && conv.Japanese)
	case !r.kaigi:
		return r
	case conv.Files > 0:
		return kaigiRenderer(conv.Japanese)
	}
	return r
}

// Render writes the Markdown file of a record with kaigi's default template.
func Render(l data.LADR, links Links) ([]byte, error) {
	return kaigiRenderer(false).RenderDocument(NewDocument(l, links))
}

// RenderDocument writes a document as a Markdown file.
func (r *Renderer) RenderDocument(d Document) ([]byte, error) {
	d = d.normalized()
	fm, err := writeFrontMatter(d)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = r.tmpl.Execute(&buf, templateData{
		FrontMatter: fm, Number: d.Number, NumberText: fmt.Sprintf("%04d", d.Number),
		Title: atxText(d.Title), Date: d.Date.String(), Status: string(d.State), StatusWord: templateStatus(d.State, r.japanese), Authors: d.Authors,
		Context: d.Context, Specification: d.Specification, Decision: d.Decision, Consequences: d.Consequences,
		Extra: extraForHeadings(d.Extra),
	})
	if err != nil {
		return nil, data.Invalid("template", "render LADR %d: %v", d.Number, err)
	}
	out := strings.TrimRight(buf.String(), "\n") + "\n"
	if !strings.HasPrefix(out, fm+"\n") {
		return nil, data.Invalid("template", "the LADR template must start with {{.FrontMatter}}, which kaigi reads back")
	}
	return []byte(out), nil
}

// templateStatus is a state as kaigi's template in that language writes it.
func templateStatus(st data.LADRState, japanese bool) string {
	if japanese {
		return convention.Words{}.Word(st, true, false)
	}
	return string(st)
}

// extraForHeadings is the extra sections with their names written for
// "## " heading lines.
func extraForHeadings(extra []data.Section) []data.Section {
	out := make([]data.Section, len(extra))
	for i, s := range extra {
		out[i] = data.Section{Heading: atxText(s.Heading), Body: s.Body}
	}
	return out
}

// atxText is s as the text of an ATX heading ("# s"). Markdown drops the
// last run of '#' after a space as a closing sequence, so "# # #" would
// read back as "#"; a title ending in '#' gets a closing " #" of its own,
// which Markdown drops instead, leaving the title as typed.
func atxText(s string) string {
	if strings.HasSuffix(s, "#") {
		return s + " #"
	}
	return s
}
