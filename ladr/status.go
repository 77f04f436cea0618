package ladr

import (
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

var (
	datePrefix = regexp.MustCompile(`^(\d{4})-?(\d{2})-?(\d{2})[-_]`)
	numberRef  = regexp.MustCompile(`(?i)^(?:l?adr[-_ ]?|#)?(\d+)(?:\D|$)`)
)

// looseDate finds a calendar date in s (see convention.ParseDate). An
// empty s is the zero date.
func looseDate(s string) (data.Date, bool) {
	d, _, ok := convention.ParseDate(s)
	return d, ok
}

// maxNumberDigits tells an LADR number from a date written as digits
// (log4brains names files 20200101-title.md).
const maxNumberDigits = 6

// numberIn finds an LADR number in a reference: "3", "0003", "ADR-3",
// "0003-foo.md", "../ladr/0003-foo.md#status".
func numberIn(ref string) int {
	ref, _, _ = strings.Cut(ref, "#")
	base := path.Base(strings.ReplaceAll(ref, `\`, "/"))
	if datePrefix.MatchString(base) {
		return 0
	}
	m := numberRef.FindStringSubmatch(strings.TrimSpace(base))
	if m == nil || len(m[1]) > maxNumberDigits {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
