package convention

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/kaigi-dev/kaigi/data"
)

// maxSlugRunes keeps file names short enough for every file system and for
// a readable branch name.
const maxSlugRunes = 50

// Naming is how a folder names its record files.
//
// Pattern holds {number} or {number:N} (the number, zero-padded to N
// digits, 4 when N is left out), {date} (today as YYYYMMDD, for folders
// named by date as log4brains does; {date:iso} writes YYYY-MM-DD), {area}
// (the area word of names like ADR-DATA-001-x.md) and {slug} (the title as
// a file name).
// Words is what joins the words of a title ("-" or "_"); KeepCase keeps
// upper-case letters ("adr-001-ADRの利用.md") where most folders lower them.
type Naming struct {
	Pattern  string `json:"pattern"`
	Words    string `json:"words,omitempty"`
	KeepCase bool   `json:"keep_case,omitempty"`
}

// KaigiNaming is kaigi's own: 0007-use-sqlite.md.
var KaigiNaming = Naming{Pattern: "{number:4}-{slug}.md", Words: "-"}

var placeholder = regexp.MustCompile(`\{(number(?::(\d))?|date(?::iso)?|slug|area)\}`)

// ParsePattern reads a file name pattern as people give it on the command
// line ("{number}-{slug}.md"). It refuses a pattern that names no number
// or date (files would collide), does not end in .md, or could name a
// file outside the folder.
func ParsePattern(p string) (Naming, error) {
	if !strings.Contains(p, "{number") && !strings.Contains(p, "{date") {
		return Naming{}, data.Invalid("pattern", "file name pattern %q needs {number} or {date} so that files do not collide", p)
	}
	if !strings.HasSuffix(strings.ToLower(p), ".md") && !strings.HasSuffix(strings.ToLower(p), ".markdown") {
		return Naming{}, data.Invalid("pattern", "file name pattern %q must end in .md", p)
	}
	literal := placeholder.ReplaceAllString(p, "x")
	if strings.Contains(literal, "{") || strings.Contains(literal, "}") {
		return Naming{}, data.Invalid("pattern", "file name pattern %q: only {number}, {number:N}, {date}, {date:iso}, {area} and {slug} are known", p)
	}
	if err := data.CheckNamePart("pattern", literal); err != nil {
		return Naming{}, data.Invalid("pattern", "file name pattern %q must be a file name inside the LADR folder (%s)", p, data.ErrorMessage(err))
	}
	if strings.HasPrefix(literal, ".") {
		return Naming{}, data.Invalid("pattern", "file name pattern %q would make hidden files", p)
	}
	n := Naming{Pattern: strings.ReplaceAll(p, "{number}", "{number:4}"), Words: "-"}
	return n, nil
}

// Dated reports whether names carry a date rather than a number.
func (n Naming) Dated() bool {
	return strings.Contains(n.Pattern, "{date") && !strings.Contains(n.Pattern, "{number")
}

// Width is the number of digits of the number in names, 0 for dated names.
func (n Naming) Width() int {
	if m := placeholder.FindAllStringSubmatch(n.Pattern, -1); m != nil {
		for _, p := range m {
			if strings.HasPrefix(p[1], "number") {
				if p[2] == "" {
					return 4
				}
				w, _ := strconv.Atoi(p[2])
				return w
			}
		}
	}
	return 0
}

// Name is the file name for a record: its number, the day it is written
// (for dated names) and its slug. The name is checked to be one file inside
// the folder; an error means the slug or pattern would leave it.
func (n Naming) Name(number int, day data.Date, slug string) (string, error) {
	return n.NameIn("", number, day, slug)
}

// ByArea reports whether names carry an area word (ADR-DATA-001-x.md).
func (n Naming) ByArea() bool { return strings.Contains(n.Pattern, "{area}") }

// NameIn is Name for a record of an area, in folders whose names carry
// the area word (ADR-{area}-{number:3}-{slug}.md).
func (n Naming) NameIn(area string, number int, day data.Date, slug string) (string, error) {
	pattern := n.Pattern
	if n.ByArea() && area == "" {
		return "", data.Invalid("area", "this folder's file names carry an area (%s); say which area the record is for", pattern)
	}
	if pattern == "" {
		pattern = KaigiNaming.Pattern
	}
	if err := data.CheckNamePart("slug", slug); err != nil {
		return "", err
	}
	name := placeholder.ReplaceAllStringFunc(pattern, func(p string) string {
		m := placeholder.FindStringSubmatch(p)
		switch {
		case m[1] == "slug":
			return slug
		case m[1] == "date":
			return fmt.Sprintf("%04d%02d%02d", day.Year, day.Month, day.Day)
		case m[1] == "date:iso":
			return fmt.Sprintf("%04d-%02d-%02d", day.Year, day.Month, day.Day)
		case m[1] == "area":
			return area
		default:
			w := 4
			if m[2] != "" {
				w, _ = strconv.Atoi(m[2])
			}
			return fmt.Sprintf("%0*d", w, number)
		}
	})
	return name, CheckFileName(name)
}

// CheckFileName refuses a name that is not one plain file inside a folder.
func CheckFileName(name string) error {
	if err := data.CheckNamePart("file name", name); err != nil {
		return err
	}
	if name == "" || strings.HasPrefix(name, ".") || !filepath.IsLocal(name) || filepath.Base(name) != name {
		return data.Invalid("file name", "%q is not a file name inside the LADR folder", name)
	}
	return nil
}

// Slug turns a title into the name part of a file, the way this folder
// writes names: every letter and digit of every script is kept (Japanese
// titles stay readable: 状態管理にはFlowを採用する gives
// 状態管理にはflowを採用する), accented Latin letters are folded to ASCII,
// runs of anything else become one separator, and the result is cut at a
// word boundary. A title with no letters or digits at all (only emoji or
// punctuation) gets "ladr-" and a short hash of the title, so names are
// never empty and stay stable.
func (n Naming) Slug(title string) string {
	s := latinFold.Replace(title)
	if !n.KeepCase {
		s = strings.ToLower(s)
	}
	sep := n.Words
	if sep == "" {
		sep = "-"
	}
	if out := joinWords(s, sep); out != "" {
		return out
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(title)))
	return "ladr-" + hex.EncodeToString(sum[:4])
}

// IsWordRune tells letters, digits and combining marks (kept in names)
// from separators.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

// joinWords keeps the runs of word runes, joined by sep and cut at a word
// boundary once the slug is long enough.
func joinWords(s, sep string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) }) {
		wn := len([]rune(w))
		if n > 0 && n+1+wn > maxSlugRunes {
			break
		}
		if n > 0 {
			b.WriteString(sep)
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
	"ｙ", "y", "ｚ", "z", "Ａ", "A", "Ｂ", "B", "Ｃ", "C", "Ｄ", "D", "Ｅ", "E", "Ｆ", "F",
	"Ｇ", "G", "Ｈ", "H", "Ｉ", "I", "Ｊ", "J", "Ｋ", "K", "Ｌ", "L", "Ｍ", "M", "Ｎ", "N",
	"Ｏ", "O", "Ｐ", "P", "Ｑ", "Q", "Ｒ", "R", "Ｓ", "S", "Ｔ", "T", "Ｕ", "U", "Ｖ", "V",
	"Ｗ", "W", "Ｘ", "X", "Ｙ", "Y", "Ｚ", "Z", "０", "0", "１", "1", "２", "2", "３", "3",
	"４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"À", "A", "Á", "A", "Â", "A", "Ä", "A", "Ç", "C", "È", "E", "É", "E", "Ê", "E", "Ë", "E",
	"Î", "I", "Ï", "I", "Ñ", "N", "Ó", "O", "Ô", "O", "Ö", "O", "Ù", "U", "Ú", "U", "Û", "U", "Ü", "U",
)

// nameShape finds the number or date a record's file name starts with:
// "0007-", "adr-001-", "ADR-12_", "001_", "20200101-", "2020-01-01-".
// An upper-case word after the prefix is the record's area:
// "ADR-DATA-001-".
var nameShape = regexp.MustCompile(`^([A-Za-z]{1,5}[-_](?:[A-Z][A-Z0-9]{1,11}[-_])?|[A-Za-z]{1,5})?(\d{4}-\d{2}-\d{2}|\d{1,8})([-_ .]*)(.*?)((?i:\.md|\.markdown))$`)

var areaWord = regexp.MustCompile(`^[A-Za-z]{1,5}[-_]([A-Z][A-Z0-9]{1,11})[-_]$`)

// AreaOf is the area word a file name carries after its prefix, "DATA"
// for "ADR-DATA-001-x.md", or "".
func AreaOf(name string) string {
	prefix, _, _, _, _, ok := Split(name)
	if !ok {
		return ""
	}
	if m := areaWord.FindStringSubmatch(prefix); m != nil {
		return m[1]
	}
	return ""
}

// Split reads a record file name into its prefix, number or date digits,
// separator, the name part after them and the extension. ok is false for
// names that start with neither ("notes.md").
func Split(name string) (prefix, digits, sep, rest, ext string, ok bool) {
	m := nameShape.FindStringSubmatch(name)
	if m == nil {
		return "", "", "", "", "", false
	}
	return m[1], m[2], m[3], m[4], m[5], true
}

// IsDateDigits tells "20200101" and "2020-01-01" (dates) from numbers.
func IsDateDigits(digits string) bool {
	if len(digits) == 10 && digits[4] == '-' {
		return true
	}
	if len(digits) != 8 {
		return false
	}
	y, _ := strconv.Atoi(digits[:4])
	m, _ := strconv.Atoi(digits[4:6])
	d, _ := strconv.Atoi(digits[6:])
	return y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// NumberOf is the record number a file name carries, if any: 7 for
// "0007-x.md" and "adr-007-x.md", none for "20200101-x.md".
func NumberOf(name string) (int, bool) {
	_, digits, _, _, _, ok := Split(name)
	if !ok || IsDateDigits(digits) || len(digits) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}
