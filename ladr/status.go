package ladr

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// statusWords maps the status words of common ADR styles, in English and
// Japanese, to kaigi's states. Keys are lower case.
var statusWords = map[string]data.LADRState{
	"draft": data.LADRDraft, "wip": data.LADRDraft, "下書き": data.LADRDraft, "ドラフト": data.LADRDraft, "作成中": data.LADRDraft,
	"proposed": data.LADRProposed, "proposal": data.LADRProposed, "in review": data.LADRProposed, "review": data.LADRProposed,
	"提案": data.LADRProposed, "提案中": data.LADRProposed, "レビュー中": data.LADRProposed,
	"accepted": data.LADRAccepted, "approved": data.LADRAccepted, "adopted": data.LADRAccepted, "decided": data.LADRAccepted,
	"承認": data.LADRAccepted, "承認済み": data.LADRAccepted, "採用": data.LADRAccepted, "決定": data.LADRAccepted,
	"rejected": data.LADRRejected, "declined": data.LADRRejected, "却下": data.LADRRejected, "不採用": data.LADRRejected,
	"on-hold": data.LADROnHold, "on hold": data.LADROnHold, "onhold": data.LADROnHold, "paused": data.LADROnHold, "保留": data.LADROnHold,
	"superseded": data.LADRSuperseded, "置換": data.LADRSuperseded, "置き換え": data.LADRSuperseded, "廃止(置換)": data.LADRSuperseded,
	"deprecated": data.LADRDeprecated, "obsolete": data.LADRDeprecated, "廃止": data.LADRDeprecated, "非推奨": data.LADRDeprecated,
}

var statusSplit = regexp.MustCompile(`[\s,.;:(\[!]+`)

// ParseStatus reads a status as people write it: "Accepted", "on hold",
// "Superseded by [ADR-5](0005-x.md)", "🚧 Proposed", "承認".
func ParseStatus(s string) (data.LADRState, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !isWordRune(r) })
	if st, ok := statusWords[s]; ok {
		return st, true
	}
	if strings.HasPrefix(s, "superseded") || strings.HasPrefix(s, "replaced by") {
		return data.LADRSuperseded, true
	}
	if strings.HasPrefix(s, "on hold") {
		return data.LADROnHold, true
	}
	first := statusSplit.Split(s, 2)[0]
	st, ok := statusWords[first]
	return st, ok
}

var (
	dateLike   = regexp.MustCompile(`(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})`)
	datePrefix = regexp.MustCompile(`^(\d{4})-?(\d{2})-?(\d{2})[-_]`)
	numberRef  = regexp.MustCompile(`(?i)^(?:l?adr[-_ ]?|#)?(\d+)(?:\D|$)`)
)

// looseDate finds a calendar date in s ("2026-01-05", "2026/1/5",
// "2026-01-05T10:00:00Z", "2026年1月5日"). An empty s is the zero date.
func looseDate(s string) (data.Date, bool) {
	if strings.TrimSpace(s) == "" {
		return data.Date{}, true
	}
	m := dateLike.FindStringSubmatch(s)
	if m == nil {
		return data.Date{}, false
	}
	return dateOf(m[1], m[2], m[3])
}

func dateOf(ys, ms, ds string) (data.Date, bool) {
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || t.Month() != time.Month(mo) || t.Day() != d {
		return data.Date{}, false
	}
	return data.DateOf(t), true
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
