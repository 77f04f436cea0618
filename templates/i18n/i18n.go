package i18n

import (
	"context"
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed catalog/*.toml
var catalogFiles embed.FS

// Lang is a language kaigi speaks.
type Lang string

const (
	English  Lang = "en"
	Japanese Lang = "ja"
)

// Langs are the languages of the catalogs, in the order a settings page
// offers them.
var Langs = []Lang{Japanese, English}

// ParseLang reads a language setting (ja, en); anything else is not one.
func ParseLang(s string) (Lang, bool) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case English:
		return English, true
	case Japanese:
		return Japanese, true
	}
	return "", false
}

// Catalog holds every language's messages, parsed once.
type Catalog struct {
	def     Lang
	langs   map[Lang]*T
	matcher language.Matcher
	tags    []Lang // in the matcher's order
}

// Load parses the embedded catalogs; def is the language of a request
// that states no preference kaigi speaks (KAIGI_LANG).
func Load(def Lang) (*Catalog, error) {
	if _, ok := ParseLang(string(def)); !ok {
		return nil, fmt.Errorf("i18n: unknown default language %q (use ja or en)", def)
	}
	bundle := goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{def: def, langs: map[Lang]*T{}}
	var tags []language.Tag
	for _, l := range Langs {
		path := "catalog/" + string(l) + ".toml"
		f, err := bundle.LoadMessageFileFS(catalogFiles, path)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", path, err)
		}
		t := &T{lang: l, plain: map[string]string{}, filled: map[string][]segment{}, ids: map[string]bool{},
			loc: goi18n.NewLocalizer(bundle, string(l))}
		for _, m := range f.Messages {
			t.ids[m.ID] = true
			switch {
			case isPlain(m):
				t.plain[m.ID] = m.Other
			case !isPlural(m):
				if segs, ok := fillIns(m.Other); ok {
					t.filled[m.ID] = segs
				}
			}
		}
		c.langs[l] = t
		tags = append(tags, language.Make(string(l)))
		c.tags = append(c.tags, l)
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// isPlain reports whether a message is one fixed text: no values, no
// plural forms.
func isPlain(m *goi18n.Message) bool { return !isPlural(m) && !strings.Contains(m.Other, "{{") }

func isPlural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// segment is a piece of a message with values: literal text, or the name
// of a value to put there.
type segment struct {
	text, value string
}

var fillIn = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// fillIns splits a message whose only template actions are {{.Name}} into
// segments, so that F fills it in without running a template (a task list
// names each row's task in a label: this is per row).
func fillIns(msg string) ([]segment, bool) {
	var out []segment
	last := 0
	for _, m := range fillIn.FindAllStringSubmatchIndex(msg, -1) {
		out = append(out, segment{text: msg[last:m[0]]}, segment{value: msg[m[2]:m[3]]})
		last = m[1]
	}
	out = append(out, segment{text: msg[last:]})
	for _, s := range out {
		if strings.Contains(s.text, "{{") {
			return nil, false // other template actions: go-i18n runs it
		}
	}
	return out, true
}

// Default is the server's default language's T.
func (c *Catalog) Default() *T { return c.langs[c.def] }

// For returns the T of a language, or the default's for an unknown one.
func (c *Catalog) For(l Lang) *T {
	if t, ok := c.langs[l]; ok {
		return t
	}
	return c.Default()
}

// Match picks the language for an Accept-Language header: the best one
// kaigi speaks, or the default when the header names none of them.
func (c *Catalog) Match(acceptLanguage string) Lang {
	if acceptLanguage == "" {
		return c.def
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return c.def
	}
	_, i, conf := c.matcher.Match(prefs...)
	if conf == language.No {
		return c.def
	}
	return c.tags[i]
}

// Choose is the language of a request: the person's setting when set, else
// the browser's Accept-Language, else the default.
func (c *Catalog) Choose(setting, acceptLanguage string) *T {
	if l, ok := ParseLang(setting); ok {
		return c.For(l)
	}
	return c.For(c.Match(acceptLanguage))
}

// IDs lists the message IDs of a language, sorted (for tests and tools).
func (c *Catalog) IDs(l Lang) []string {
	t := c.For(l)
	out := make([]string, 0, len(t.ids))
	for id := range t.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Args are the values a message shows, by the names its template uses,
// already formatted (strings, so that a caller's Args{...} needs no
// allocation).
type Args map[string]string

// T is one language's messages and formats. It is safe for concurrent use.
type T struct {
	lang   Lang
	plain  map[string]string
	filled map[string][]segment
	ids    map[string]bool
	loc    *goi18n.Localizer
}

// Lang is the T's language.
func (t *T) Lang() Lang {
	if t == nil {
		return English
	}
	return t.lang
}

// Has reports whether the catalog has a message.
func (t *T) Has(id string) bool { return t != nil && t.ids[id] }

// S is a message without values. A message the catalog lacks shows as its
// ID, which tests catch.
func (t *T) S(id string) string {
	if t == nil {
		return id
	}
	if s, ok := t.plain[id]; ok {
		return s
	}
	return t.F(id, nil)
}

// F is a message with values, e.g. F("meeting.carried", Args{"Count": 2}).
func (t *T) F(id string, args Args) string {
	if t == nil {
		return id
	}
	if segs, ok := t.filled[id]; ok {
		return fill(segs, args)
	}
	// A copy for the template, so that args itself never escapes and a
	// caller's Args{...} can stay on its stack.
	data := make(map[string]any, len(args))
	for k, v := range args {
		data[k] = v
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil || s == "" {
		return id
	}
	return s
}

// N is a message whose words depend on a count, by the language's plural
// rules; the template sees the count as .Count.
func (t *T) N(id string, count int, args Args) string {
	if t == nil {
		return id
	}
	data := map[string]any{"Count": strconv.Itoa(count)}
	for k, v := range args {
		data[k] = v
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
	if err != nil || s == "" {
		return id
	}
	return s
}

// fill writes segments with args, as text/template would for {{.Name}}
// (a missing value shows as <no value>).
func fill(segs []segment, args Args) string {
	var b strings.Builder
	n := 0
	for _, s := range segs {
		n += len(s.text)
		n += len(args[s.value])
	}
	b.Grow(n + 8)
	for _, s := range segs {
		if s.value == "" {
			b.WriteString(s.text)
			continue
		}
		if v, ok := args[s.value]; ok {
			b.WriteString(v)
		} else {
			b.WriteString("<no value>")
		}
	}
	return b.String()
}

type ctxKey struct{}

// NewContext carries t to the pages rendered with ctx.
func NewContext(ctx context.Context, t *T) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

// From is the T a page is rendered in: nil when ctx carries none, and a
// nil T shows every message as its ID.
func From(ctx context.Context) *T {
	t, _ := ctx.Value(ctxKey{}).(*T)
	return t
}
