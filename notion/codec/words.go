package codec

import (
	"slices"
	"strings"
)

// OptionNames are Notion option names, per kaigi value, that read as that
// value besides the names init gives them (adopt maps them; a status option
// a person adds is learned by them).
var OptionNames = map[string][]string{
	"open": {"未解決", "オープン", "未着手", "Open"}, "resolved": {"解決済み", "解決", "完了", "Done"}, "dropped": {"取り下げ", "見送り", "却下"},
	"planned": {"予定", "未開催", "Scheduled"}, "held": {"開催済み", "完了", "Done"},
	"active": {"有効", "決定"}, "superseded": {"置き換え", "廃止", "Replaced"}, "reverted": {"撤回", "取り消し"},
	"todo": {"未着手", "Not started", "To do", "To-do", "Todo"}, "doing": {"進行中", "対応中", "In progress", "Doing"},
	"done": {"完了", "Done", "Complete"}, "cancelled": {"中止", "キャンセル", "Canceled", "Cancelled"},
	"draft": {"下書き", "草案"}, "proposed": {"提案", "提案中", "レビュー中"}, "accepted": {"承認", "承認済み", "採用"},
	"rejected": {"却下", "不採用"}, "on-hold": {"保留", "On hold"}, "deprecated": {"非推奨"},
}

// PriorityNames are the option names, of every style and language, that read
// as each kaigi priority (1 most urgent).
var PriorityNames = map[string][]string{
	"1": {"高", "High", "P1", "緊急", "至急", "最優先", "Urgent"},
	"2": {"中", "Medium", "P2", "普通", "通常", "Normal"},
	"3": {"低", "Low", "P3"},
	"4": {"最低", "Lowest", "P4", "後回し", "いつか", "Someday"},
}

// NormalizeName is a name as names are compared: lower case, without
// spaces, underscores or hyphens.
func NormalizeName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "", "_", "", "-", "", "　", "").Replace(s)
}

// KnownWord finds the kaigi value an option name is a word for.
func KnownWord(spec EntitySpec, f FieldSpec, name string) (string, bool) {
	for _, k := range f.Options {
		words := append(slices.Clone(OptionNames[k]), NativeOption(LangEnglish, spec, f, k), NativeOption(LangJapanese, spec, f, k))
		if f.Name == "priority" {
			words = PriorityNames[k]
		}
		if slices.ContainsFunc(words, func(w string) bool { return w != "" && NormalizeName(w) == NormalizeName(name) }) {
			return k, true
		}
	}
	return "", false
}
