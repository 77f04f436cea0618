package ladr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kaigi-dev/kaigi/data"

	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// Default place and names of LADR files in an engineering repository that
// has no decision records yet.
const (
	DefaultDir     = "docs/ladr"
	DefaultPattern = "{number}-{slug}.md"
)

// Layout says where LADR files live inside a repository and, for a folder
// whose records show no naming of their own, how new files are named
// (Pattern: {number} or {number:N}, {date}, {slug}; empty is kaigi's).
type Layout struct {
	Dir     string
	Pattern string
}

// Naming is the layout's pattern as a naming ("" is kaigi's).
func (ly Layout) Naming() convention.Naming {
	if ly.Pattern == "" || ly.Pattern == DefaultPattern {
		return convention.Naming{}
	}
	n, err := convention.ParsePattern(ly.Pattern)
	if err != nil {
		return convention.Naming{}
	}
	return n
}

// CheckPattern reports a pattern that cannot name LADR files inside their
// folder.
func CheckPattern(p string) error {
	_, err := convention.ParsePattern(p)
	return err
}

// BranchName is the git branch for an LADR's pull request.
func BranchName(number int, slug string) string {
	if slug == "" {
		return fmt.Sprintf("ladr/%04d", number)
	}
	return fmt.Sprintf("ladr/%04d-%s", number, slug)
}

// NumberFromBranch reads the LADR number out of a branch made by BranchName.
func NumberFromBranch(branch string) (int, bool) {
	rest, ok := strings.CutPrefix(branch, "ladr/")
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// PRBranch is the branch of an LADR's pull request: ladr/NNNN, and the
// title's ASCII words when it has some (git and forges handle other
// letters in branch names badly).
func PRBranch(l data.LADR) string {
	words := asciiWords(l.Slug)
	if words == "" {
		words = asciiWords(l.Title)
	}
	return BranchName(l.Number, words)
}

// asciiWords keeps the ASCII letters and digits of s (accented Latin
// letters lose their accents), words joined by dashes, lower case, at most
// 48 characters.
func asciiWords(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue // the accent of a decomposed letter
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	return strings.TrimRight(b.String(), "-")
}
