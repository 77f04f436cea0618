package minutes

import (
	"strings"
	"unicode"

	"github.com/kaigi-dev/kaigi/server/notify"
)

// inlineEscaper backslash-escapes the ASCII punctuation that can mean
// something inside a line of CommonMark/GFM: emphasis, code, links,
// images, raw HTML, entities, tables, strikethrough, heading closers and
// the backslash itself. Any ASCII punctuation may be escaped, so the text
// reads the same after rendering.
var inlineEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `#`, `\#`, `&`, `\&`, `!`, `\!`,
)

// oneLine is text on one line: line breaks and tabs become spaces, the
// ends are trimmed (leading spaces could make a code block).
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// mdText is a title or name as literal Markdown text, safe anywhere a
// line's text goes, at the start of a line or a list item included.
func mdText(s string) string {
	s = inlineEscaper.Replace(oneLine(s))
	// What only means something at the start of a line: a list item
	// (- + or 1. 1)), a setext underline (=), a block quote (escaped above).
	if s != "" && strings.ContainsRune("-+=", rune(s[0])) {
		s = `\` + s
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		s = s[:i] + `\` + s[i:]
	}
	return s
}

func slackText(s string) string { return notify.SlackEscape(oneLine(s)) }

// lines splits a block of text people wrote into its lines, without
// trailing blank lines or carriage returns.
func lines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.TrimRight(s, " \t\n")
	s = strings.TrimLeft(s, "\n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
