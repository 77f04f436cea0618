package blocks

import (
	"strings"
	"unicode/utf8"
)

// span is a run of text with the same inline marks: kaigi writes them as
// Markdown (**bold**, *italic*, `code`, ~~strike~~, [text](url)), Notion
// keeps them as rich-text annotations and links.
type span struct {
	Text                       string
	Bold, Italic, Strike, Code bool
	Link                       string
}

func (s span) sameMarks(o span) bool {
	return s.Bold == o.Bold && s.Italic == o.Italic && s.Strike == o.Strike && s.Code == o.Code && s.Link == o.Link
}

// delimiter kinds parseInline may treat as literal text when unbalanced.
type literalKinds struct{ bold, italic, strike bool }

// parseInline reads inline Markdown into spans. Marks toggle, so an
// unbalanced one (a lone "*" in "2*3") is read again as plain text.
func parseInline(md string) []span {
	var lit literalKinds
	for {
		spans, open := parseInlineOnce(md, lit)
		if !open.bold && !open.italic && !open.strike {
			return spans
		}
		lit.bold, lit.italic, lit.strike = lit.bold || open.bold, lit.italic || open.italic, lit.strike || open.strike
	}
}

func parseInlineOnce(md string, lit literalKinds) ([]span, literalKinds) {
	var out []span
	var cur span
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			cur.Text = text.String()
			out = appendSpan(out, cur)
			text.Reset()
		}
	}
	linkEnd := -1 // index of the "]" closing the link being read
	for i := 0; i < len(md); {
		c := md[i]
		switch {
		case i == linkEnd:
			flush()
			cur.Link = ""
			i = strings.IndexByte(md[i:], ')') + i + 1
			linkEnd = -1
			continue
		case c == '\\' && i+1 < len(md) && isASCIIPunct(md[i+1]):
			text.WriteByte(md[i+1])
			i += 2
			continue
		case c == '`':
			if n := strings.IndexByte(md[i+1:], '`'); n >= 0 && (linkEnd < 0 || i+1+n < linkEnd) {
				flush()
				code := cur
				code.Code, code.Text = true, md[i+1:i+1+n]
				if code.Text != "" {
					out = appendSpan(out, code)
				}
				i += n + 2
				continue
			}
		case c == '*' && strings.HasPrefix(md[i:], "**"):
			if lit.bold {
				text.WriteString("**")
			} else {
				flush()
				cur.Bold = !cur.Bold
			}
			i += 2
			continue
		case c == '*' && !lit.italic:
			flush()
			cur.Italic = !cur.Italic
			i++
			continue
		case c == '~' && strings.HasPrefix(md[i:], "~~"):
			if lit.strike {
				text.WriteString("~~")
			} else {
				flush()
				cur.Strike = !cur.Strike
			}
			i += 2
			continue
		case c == '[' && linkEnd < 0:
			if end, url, ok := linkAt(md, i); ok {
				flush()
				cur.Link, linkEnd = url, end
				i++
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(md[i:])
		text.WriteString(md[i : i+size])
		i += size
	}
	flush()
	return out, literalKinds{bold: cur.Bold, italic: cur.Italic, strike: cur.Strike}
}

// linkAt recognises "[text](url)" at md[i]: the index of its "]" and the URL.
// Only web and mail links count, the ones Notion accepts.
func linkAt(md string, i int) (int, string, bool) {
	for j := i + 1; j < len(md); j++ {
		switch md[j] {
		case '\\':
			j++
		case '`':
			n := strings.IndexByte(md[j+1:], '`')
			if n < 0 {
				return 0, "", false
			}
			j += n + 1
		case '[':
			return 0, "", false
		case ']':
			if !strings.HasPrefix(md[j+1:], "(") {
				return 0, "", false
			}
			n := strings.IndexByte(md[j+2:], ')')
			if n < 0 {
				return 0, "", false
			}
			url := md[j+2 : j+2+n]
			if !validLink(url) {
				return 0, "", false
			}
			return j, url, true
		}
	}
	return 0, "", false
}

func validLink(url string) bool {
	if url == "" || len(url) > MaxTextUnits || strings.ContainsAny(url, " \t\n()\\") {
		return false
	}
	for _, p := range []string{"https://", "http://", "mailto:"} {
		if strings.HasPrefix(url, p) && len(url) > len(p) {
			return true
		}
	}
	return false
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// appendSpan adds s, joined with the last span when their marks agree.
func appendSpan(out []span, s span) []span {
	if s.Text == "" {
		return out
	}
	if n := len(out); n > 0 && out[n-1].sameMarks(s) {
		out[n-1].Text += s.Text
		return out
	}
	return append(out, s)
}

// renderInline writes spans as the Markdown parseInline reads back to the
// same spans: marks toggle at span borders, literal mark characters are
// escaped.
func renderInline(spans []span) string {
	var b strings.Builder
	var cur span
	for _, s := range spans {
		if cur.Link != "" && cur.Link != s.Link {
			b.WriteString("](" + cur.Link + ")")
			cur.Link = ""
		}
		writeToggles(&b, cur, s)
		cur.Bold, cur.Italic, cur.Strike = s.Bold, s.Italic, s.Strike
		if s.Link != "" && cur.Link == "" {
			b.WriteString("[")
			cur.Link = s.Link
		}
		if s.Code && !strings.Contains(s.Text, "`") {
			b.WriteString("`" + s.Text + "`")
		} else {
			b.WriteString(escapeInline(s.Text))
		}
	}
	if cur.Link != "" {
		b.WriteString("](" + cur.Link + ")")
	}
	writeToggles(&b, cur, span{})
	return b.String()
}

// writeToggles switches marks from cur to next: "**" then "*" then "~~".
func writeToggles(b *strings.Builder, cur, next span) {
	if cur.Bold != next.Bold {
		b.WriteString("**")
	}
	if cur.Italic != next.Italic {
		b.WriteString("*")
	}
	if cur.Strike != next.Strike {
		b.WriteString("~~")
	}
}

var inlineEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "`", "\\`", "~", `\~`, "[", `\[`, "]", `\]`)

func escapeInline(s string) string { return inlineEscaper.Replace(s) }

// normalizeInline is the form inline Markdown has after a trip through
// Notion, limits included.
func normalizeInline(md string) string {
	return renderInline(spansOf(richTextItems(parseInline(md))))
}
