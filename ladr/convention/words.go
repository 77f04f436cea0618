package convention

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kaigi-dev/kaigi/data"
)

// statusWords maps the status words of common ADR styles, in English and
// Japanese, to kaigi's states. Keys are lower case.
var statusWords = map[string]data.LADRState{
	"draft": data.LADRDraft, "wip": data.LADRDraft, "下書き": data.LADRDraft, "ドラフト": data.LADRDraft, "作成中": data.LADRDraft,
	"proposed": data.LADRProposed, "proposal": data.LADRProposed, "in review": data.LADRProposed, "review": data.LADRProposed,
	"提案": data.LADRProposed, "提案中": data.LADRProposed, "レビュー中": data.LADRProposed, "検討中": data.LADRProposed,
	"accepted": data.LADRAccepted, "approved": data.LADRAccepted, "adopted": data.LADRAccepted, "decided": data.LADRAccepted,
	"承認": data.LADRAccepted, "承認済み": data.LADRAccepted, "承認済": data.LADRAccepted, "採用": data.LADRAccepted, "決定": data.LADRAccepted,
	"rejected": data.LADRRejected, "declined": data.LADRRejected, "却下": data.LADRRejected, "不採用": data.LADRRejected,
	"on-hold": data.LADROnHold, "on hold": data.LADROnHold, "onhold": data.LADROnHold, "paused": data.LADROnHold, "保留": data.LADROnHold,
	"superseded": data.LADRSuperseded, "superceded": data.LADRSuperseded, "置換": data.LADRSuperseded, "置き換え": data.LADRSuperseded,
	"置換済み": data.LADRSuperseded, "廃止(置換)": data.LADRSuperseded,
	"deprecated": data.LADRDeprecated, "obsolete": data.LADRDeprecated, "廃止": data.LADRDeprecated, "非推奨": data.LADRDeprecated,
}

var statusSplit = regexp.MustCompile(`[\s,.;:(\[!（]+`)

// ParseStatus reads a status as people write it: "Accepted", "on hold",
// "Superseded by [ADR-5](0005-x.md)", adr-tools' "Superceded by …",
// "🚧 Proposed", "承認済み".
func ParseStatus(s string) (data.LADRState, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !IsWordRune(r) })
	if st, ok := statusWords[s]; ok {
		return st, true
	}
	for _, p := range []string{"superseded", "superceded", "replaced by"} {
		if strings.HasPrefix(s, p) {
			return data.LADRSuperseded, true
		}
	}
	if strings.HasPrefix(s, "on hold") {
		return data.LADROnHold, true
	}
	first := statusSplit.Split(s, 2)[0]
	st, ok := statusWords[first]
	return st, ok
}

// Words is how a folder writes statuses.
type Words struct {
	// ByState is the word the folder uses for each state ("Accepted",
	// "accepted", "承認済み").
	ByState map[data.LADRState]string `json:"by_state,omitempty"`
	// SupersededBy starts the status of a superseded record, before the
	// links to the newer ones: "Superseded by", adr-tools' "Superceded by".
	SupersededBy string `json:"superseded_by,omitempty"`
	// Supersedes starts the line of a newer record that links the older.
	Supersedes string `json:"supersedes,omitempty"`
	// Allowed lists the words the folder's template offers, lower case;
	// empty when it offers none, and Open when the list ends in "…".
	Allowed []string `json:"allowed,omitempty"`
	Open    bool     `json:"open,omitempty"`
	// Own lists words kaigi has no state for that are still the folder's:
	// its template offers them, or two records or more use them ("保留中
	// (検証待ち)", "Experimental"). Lint takes them; import reads them as
	// draft.
	Own []string `json:"own,omitempty"`
}

// IsOwn reports whether a status kaigi cannot read is one of the
// folder's own words.
func (w Words) IsOwn(raw string) bool {
	word := strings.ToLower(statusWordOf(raw))
	for _, o := range w.Own {
		if o == word {
			return true
		}
	}
	return false
}

var (
	englishWords = map[data.LADRState]string{
		data.LADRDraft: "draft", data.LADRProposed: "proposed", data.LADRAccepted: "accepted", data.LADRRejected: "rejected",
		data.LADROnHold: "on hold", data.LADRSuperseded: "superseded", data.LADRDeprecated: "deprecated",
	}
	japaneseWords = map[data.LADRState]string{
		data.LADRDraft: "下書き", data.LADRProposed: "提案中", data.LADRAccepted: "承認済み", data.LADRRejected: "却下",
		data.LADROnHold: "保留", data.LADRSuperseded: "置き換え", data.LADRDeprecated: "廃止",
	}
)

// Word is the folder's word for a state, in the folder's language and
// letter case when it never used that state yet.
func (w Words) Word(st data.LADRState, japanese, capital bool) string {
	if s, ok := w.ByState[st]; ok {
		return s
	}
	for _, a := range w.Allowed {
		if ast, ok := ParseStatus(a); ok && ast == st && !strings.Contains(a, " by") {
			return a
		}
	}
	if japanese && !w.english() {
		return japaneseWords[st]
	}
	if capital {
		return capitalize(englishWords[st])
	}
	return englishWords[st]
}

// Known reports whether a status is one this folder may write: one kaigi
// reads, and, when the folder's template lists its words without leaving
// the list open ("…"), one of those words as written there ("承認", not
// "Approved", in a folder whose template offers 提案 | 承認 | 却下).
func (w Words) Known(raw string) bool {
	if _, ok := ParseStatus(raw); !ok {
		return false
	}
	if len(w.Allowed) == 0 || w.Open {
		return true
	}
	word := strings.ToLower(statusWordOf(raw))
	for _, a := range w.Allowed {
		if word == a || (strings.HasSuffix(a, " by") && strings.HasPrefix(word, a)) {
			return true
		}
	}
	for _, used := range w.ByState { // the records' own words are the folder's too
		if word == strings.ToLower(used) {
			return true
		}
	}
	return w.IsOwn(raw)
}

// english reports whether the folder's status words are English, as a
// Japanese folder's may be: its records' words decide, not its headings.
func (w Words) english() bool {
	if len(w.ByState) == 0 {
		return false
	}
	for _, word := range w.ByState {
		if HasJapanese(word) {
			return false
		}
	}
	return true
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// statusWordOf is the status word at the start of a raw status, without
// the links after "Superseded by" and the like.
func statusWordOf(raw string) string {
	raw = strings.TrimSpace(raw)
	if i := strings.IndexAny(raw, "[(（"); i > 0 {
		raw = strings.TrimSpace(raw[:i])
	}
	return raw
}

// SupersededPrefix returns the "superseded by" words a raw status starts
// with, as written ("Superceded by"), or "".
func SupersededPrefix(raw string) string {
	lower := strings.ToLower(strings.TrimSpace(raw))
	for _, p := range []string{"superseded by", "superceded by", "replaced by"} {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(raw)[:len(p)]
		}
	}
	return ""
}
