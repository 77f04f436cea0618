package convention

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// Standard section keys: the parts of a record kaigi knows by name,
// whatever words a folder gives them.
const (
	Title         = "title"
	Date          = "date"
	Status        = "status"
	Authors       = "authors"
	Context       = "context"
	Specification = "specification"
	Decision      = "decision"
	Consequences  = "consequences"
)

// BodyKeys are the sections whose bodies a record keeps as its own fields.
var BodyKeys = []string{Context, Specification, Decision, Consequences}

// sectionNames maps heading words of common ADR styles to section keys.
var sectionNames = map[string]string{
	"title": Title, "タイトル": Title, "表題": Title,
	"date": Date, "日付": Date, "日時": Date, "決定日": Date,
	"status": Status, "state": Status, "ステータス": Status, "状態": Status,
	"context": Context, "context and problem statement": Context, "problem statement": Context,
	"background": Context, "文脈": Context, "背景": Context, "コンテキスト": Context, "背景と課題": Context,
	"specification": Specification, "spec": Specification, "仕様": Specification,
	"decision": Decision, "decision outcome": Decision, "決定": Decision, "決定事項": Decision, "結論": Decision, "決定内容": Decision,
	"consequences": Consequences, "consequence": Consequences, "結果": Consequences, "影響": Consequences,
}

var (
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	numbered    = regexp.MustCompile(`^\d+\.\s+`)
)

// SectionKey says which standard section a heading names, or "". A heading
// matches by its whole text or by either side of " - ", " / " or a
// bracket ("Context - 文脈", "背景 (Context)"), and ignores a leading
// "1. " and HTML comments ("Decision Drivers <!-- optional -->").
func SectionKey(heading string) string {
	h := htmlComment.ReplaceAllString(heading, "")
	h = strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.Join(strings.Fields(strings.Trim(h, "*_` ")), " "), "#")))
	h = numbered.ReplaceAllString(h, "")
	if k, ok := sectionNames[h]; ok {
		return k
	}
	for _, sep := range []string{" - ", " – ", " / ", "（", "("} {
		if a, b, ok := strings.Cut(h, sep); ok {
			if k, ok := sectionNames[strings.TrimSpace(a)]; ok {
				return k
			}
			if k, ok := sectionNames[strings.TrimSpace(strings.Trim(b, " ）)"))]; ok {
				return k
			}
		}
	}
	return ""
}

// IsLinksHeading tells the section where log4brains and others list links
// to other records ("Links", "関連").
func IsLinksHeading(heading string) bool {
	h := strings.ToLower(strings.TrimSpace(htmlComment.ReplaceAllString(heading, "")))
	for _, w := range []string{"links", "related", "関連", "リンク", "関連リンク"} {
		if h == w || strings.HasPrefix(h, w+" ") || strings.HasSuffix(h, "("+w+")") {
			return true
		}
	}
	return false
}

// HasJapanese reports whether s holds kana or kanji.
func HasJapanese(s string) bool {
	for _, r := range s {
		if (r >= 0x3040 && r <= 0x30ff) || (r >= 0x4e00 && r <= 0x9fff) {
			return true
		}
	}
	return false
}

// knownGuidance is text that only ever stands in for a section's content:
// what kaigi's web form used to pre-fill (teams saved it as their
// Consequences) and adr-tools' template.
var knownGuidance = []string{
	"What is the issue that we are seeing that motivates this decision or change?",
	"What we will do: - What we will not do: -",
	"What is the change that we are proposing and/or doing?",
	"What becomes easier or more difficult to do because of this change?",
	"Context here...", "Decision here...", "Consequences here...",
}

// adrToolsTemplate recognises the three sentences adr-tools' own template
// (src/template.md, used by `adr new` when the folder has none) puts in
// Context, Decision and Consequences: SHA-256 of their squashed text, so
// kaigi knows them without carrying another tool's words.
var adrToolsTemplate = map[string]bool{
	"6a2f0667f99495ce4fda398a258a23effdf45bc8a6d44b15d342f2d705f2ce44": true,
	"99563179028a0fac1000bf2048092bb60d1f4e77d51eda080ab67e48b9c4a13f": true,
	"d1d93517669de8fb0fd8c9628c76aaf4704298afccc2d275ab7045d275435925": true,
}

// knownText reports squashed text that only ever stands in for content.
func (g Guide) knownText(squashed string) bool {
	if g.known[squashed] {
		return true
	}
	sum := sha256.Sum256([]byte(squashed))
	return adrToolsTemplate[hex.EncodeToString(sum[:])]
}

// Guide tells a folder's guidance text from content; build it once per
// folder (Convention.Guide), ask it per section.
type Guide struct {
	known     map[string]bool   // squashed knownGuidance
	byKey     map[string]string // standard key → squashed template guidance
	byHeading map[string]string // the folder's own headings → squashed template guidance
	oneByKey  map[string]bool   // key + "\x00" + guidance of one paragraph
}

// Guide indexes the folder template's guidance.
func (c Convention) Guide() Guide {
	g := Guide{known: map[string]bool{}, byKey: map[string]string{}, byHeading: map[string]string{}, oneByKey: map[string]bool{}}
	for _, k := range knownGuidance {
		g.known[squash(k)] = true
	}
	for _, s := range c.Sections {
		if s.Guidance == "" {
			continue
		}
		sq := squash(s.Guidance)
		id := "h:" + cleanHeading(s.Heading)
		if s.Key != "" {
			g.byKey[s.Key], id = sq, "k:"+s.Key
		} else {
			g.byHeading[cleanHeading(s.Heading)] = sq
		}
		if !strings.Contains(strings.TrimSpace(s.Guidance), "\n\n") {
			g.oneByKey[id+"\x00"+sq] = true
		}
	}
	return g
}

func (g Guide) id(key, heading string) string {
	if key != "" {
		return "k:" + key
	}
	return "h:" + cleanHeading(heading)
}

// Is reports whether a section's body is all guidance: its template's
// guidance, or text kaigi knows only ever stands in for content. The
// section is named by its standard key, or by its heading for the
// folder's own sections.
func (g Guide) Is(key, heading, body string) bool {
	b := squash(body)
	if b == "" {
		return false
	}
	if g.knownText(b) {
		return true
	}
	if key != "" {
		return g.byKey[key] == b
	}
	return g.byHeading[cleanHeading(heading)] == b
}

// Holds reports whether a section still holds guidance: all of it, or
// one paragraph that is a one-paragraph guidance next to the team's text.
func (g Guide) Holds(key, heading, body string) bool {
	if g.Is(key, heading, body) {
		return true
	}
	id := g.id(key, heading)
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if p := squash(para); p != "" && (g.knownText(p) || g.oneByKey[id+"\x00"+p]) {
			return true
		}
	}
	return false
}

// IsGuidance is Guide().Is, for a single question.
func (c Convention) IsGuidance(key, heading, body string) bool {
	return c.Guide().Is(key, heading, body)
}

// Optional reports whether the folder's template marks a section optional.
func (c Convention) Optional(key, heading string) bool {
	for _, s := range c.Sections {
		if (key != "" && s.Key == key) || (key == "" && cleanHeading(s.Heading) == cleanHeading(heading)) {
			return s.Optional
		}
	}
	return key == ""
}

func squash(s string) string {
	if strings.Contains(s, "<!--") {
		s = htmlComment.ReplaceAllString(s, "")
	}
	return strings.Join(strings.Fields(s), " ")
}
