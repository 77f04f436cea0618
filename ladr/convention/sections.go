package convention

import (
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

// IsGuidance reports whether a section's body is still its template's
// guidance text (or text kaigi knows only ever stands in for content). The
// section is named by its standard key, or by its heading for the folder's
// own sections.
func (c Convention) IsGuidance(key, heading, body string) bool {
	b := squash(body)
	if b == "" {
		return false
	}
	for _, g := range knownGuidance {
		if b == squash(g) {
			return true
		}
	}
	for _, s := range c.Sections {
		if s.Guidance == "" {
			continue
		}
		if (key != "" && s.Key == key) || (key == "" && s.Key == "" && cleanHeading(s.Heading) == cleanHeading(heading)) {
			if b == squash(s.Guidance) {
				return true
			}
		}
	}
	return false
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
	return strings.Join(strings.Fields(htmlComment.ReplaceAllString(s, "")), " ")
}

// HoldsGuidance reports whether a section still holds guidance text: all
// of it (see IsGuidance), or one paragraph that is a one-paragraph
// guidance next to the team's own text.
func (c Convention) HoldsGuidance(key, heading, body string) bool {
	if c.IsGuidance(key, heading, body) {
		return true
	}
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		p := squash(para)
		if p == "" {
			continue
		}
		for _, g := range knownGuidance {
			if p == squash(g) {
				return true
			}
		}
		for _, s := range c.Sections {
			if s.Guidance != "" && !strings.Contains(strings.TrimSpace(s.Guidance), "\n\n") && p == squash(s.Guidance) &&
				((key != "" && s.Key == key) || (key == "" && cleanHeading(s.Heading) == cleanHeading(heading))) {
				return true
			}
		}
	}
	return false
}
