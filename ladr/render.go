package ladr

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates"
)

const defaultTemplateName = "ladr/ladr.md.tmpl"

// defaultTemplate is parsed once; the embedded file is part of the build,
// so a mistake in it fails every test rather than a user's command.
var defaultTemplate = template.Must(template.ParseFS(templates.LADR, defaultTemplateName))

// Renderer writes LADR files from a Markdown template (Go text/template).
// A template sees the fields of templateData; it must print .FrontMatter
// first, because the front matter is what kaigi reads back.
type Renderer struct {
	tmpl *template.Template
}

// NewRenderer uses the team's own template file, or kaigi's default when
// path is empty.
func NewRenderer(path string) (*Renderer, error) {
	if path == "" {
		return &Renderer{tmpl: defaultTemplate}, nil
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
	Authors       []string
	Context       string
	Specification string
	Decision      string
	Consequences  string
	Extra         []data.Section // headings written for a heading line
}

// Render writes the Markdown file of a record with kaigi's default template.
func Render(l data.LADR, links Links) ([]byte, error) {
	return (&Renderer{tmpl: defaultTemplate}).RenderDocument(NewDocument(l, links))
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
		Title: atxText(d.Title), Date: d.Date.String(), Status: string(d.State), Authors: d.Authors,
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
