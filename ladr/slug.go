package ladr

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// maxSlugRunes keeps file names short enough for every file system and for
// a readable branch name.
const maxSlugRunes = 50

// latinFold maps accented Latin letters to the ASCII letter a reader
// expects in a file name.
var latinFold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "æ", "ae", "ç", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ð", "d", "ñ", "n", "ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss", "œ", "oe",
	"ł", "l", "ś", "s", "ź", "z", "ż", "z", "ą", "a", "ę", "e", "ć", "c", "ń", "n",
	"č", "c", "š", "s", "ž", "z", "ř", "r", "ě", "e", "ů", "u", "ğ", "g", "ı", "i", "ş", "s",
	// Full-width Latin letters and digits, common in Japanese titles.
	"ａ", "a", "ｂ", "b", "ｃ", "c", "ｄ", "d", "ｅ", "e", "ｆ", "f", "ｇ", "g", "ｈ", "h",
	"ｉ", "i", "ｊ", "j", "ｋ", "k", "ｌ", "l", "ｍ", "m", "ｎ", "n", "ｏ", "o", "ｐ", "p",
	"ｑ", "q", "ｒ", "r", "ｓ", "s", "ｔ", "t", "ｕ", "u", "ｖ", "v", "ｗ", "w", "ｘ", "x",
	"ｙ", "y", "ｚ", "z", "０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
)

// Slug turns a title into the name part of an LADR file.
//
// A title with Latin letters keeps its Latin words ("Redis をキャッシュに使う"
// gives "redis"), lower-cased and joined by hyphens. A title with none keeps
// its own letters instead ("状態管理の方針" stays "状態管理の方針"): still
// readable for the team that wrote it, and stable because it depends on the
// title alone. A title with no letters at all (only emoji or punctuation)
// gets "ladr-" and a short hash of the title.
func Slug(title string) string {
	folded := latinFold.Replace(strings.ToLower(title))
	if s := joinWords(folded, isASCIIWordRune); hasASCIILetter(s) {
		return s
	}
	if s := joinWords(folded, isWordRune); s != "" {
		return s
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(title)))
	return "ladr-" + hex.EncodeToString(sum[:4])
}

func isASCIIWordRune(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

func hasASCIILetter(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }) >= 0
}

// joinWords keeps the runs of runes that keep() accepts, joined by single
// hyphens and cut at a word boundary once the slug is long enough.
func joinWords(s string, keep func(rune) bool) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !keep(r) }) {
		wn := len([]rune(w))
		if n > 0 && n+1+wn > maxSlugRunes {
			break
		}
		if n > 0 {
			b.WriteByte('-')
			n++
		}
		if wn > maxSlugRunes {
			w, wn = string([]rune(w)[:maxSlugRunes]), maxSlugRunes
		}
		b.WriteString(w)
		n += wn
	}
	return b.String()
}
