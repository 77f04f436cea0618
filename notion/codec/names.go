package codec

import "github.com/kaigi-dev/kaigi/data"

// What `kaigi notion init` names things, in the team's language (the
// server's, KAIGI_LANG): database titles, property names, option names, and
// the back properties of two-way relations. A person reading the databases
// sees names they would have chosen, never kaigi's internal values.
//
// Tasks' state is a Notion status (its three groups fit to-do, doing and
// done). The API makes a status property only with Notion's default options
// (Not started, In progress, Done) and cannot rename or add any, so those
// stay until a person renames them in Notion; kaigi maps them by option ID
// and group, so renames and new options keep syncing. A cancelled task needs
// an option in the Complete group, which only a person can add.

// Lang is the language of the names: "en" or "ja".
type Lang string

const (
	LangEnglish  Lang = "en"
	LangJapanese Lang = "ja"
)

// ParseLang reads KAIGI_LANG: "ja" or "en", "" meaning English.
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "", "en":
		return LangEnglish, true
	case "ja":
		return LangJapanese, true
	}
	return "", false
}

// Names are what init names one database and its parts.
type Names struct {
	Title   string
	Props   map[string]string   // field → property name
	Options map[string][]string // field → option names, in the order of FieldSpec.Options
	Back    map[string]string   // relation field → the name of its other side in the target database
}

// statusGroups are the Notion status groups of kaigi's task states.
var statusGroups = map[string]string{"todo": "To-do", "doing": "In progress", "done": "Complete", "cancelled": "Complete"}

// StatusField is the field init makes a Notion status: its states fit the groups.
func StatusField(e data.Entity, field string) bool { return e == data.EntityTask && field == "state" }

var native = map[Lang]map[data.Entity]Names{
	LangEnglish: {
		data.EntitySeries: {Title: "Series", Props: map[string]string{"title": "Name", "schedule": "Schedule", "time_zone": "Time zone", "attendees": "Attendees"}},
		data.EntityAgenda: {Title: "Agendas",
			Props:   map[string]string{"title": "Name", "state": "State", "priority": "Priority", "owner": "Owner"},
			Options: map[string][]string{"state": {"Open", "Resolved", "Dropped"}, "priority": {"High", "Medium", "Low", "Lowest"}}},
		data.EntityMeeting: {Title: "Meetings",
			Props: map[string]string{"title": "Name", "starts_at": "Date", "ends_at": "Date", "state": "State", "series": "Series",
				"agendas": "Agendas", "attendees": "Attendees"},
			Options: map[string][]string{"state": {"Planned", "Held"}},
			Back:    map[string]string{"series": "Meetings", "agendas": "Meetings"}},
		data.EntityLADR: {Title: "LADRs",
			Props:   map[string]string{"title": "Name", "number": "Number", "state": "Status", "date": "Date", "review_by": "Review by"},
			Options: map[string][]string{"state": {"Draft", "Proposed", "Accepted", "Rejected", "On hold", "Superseded", "Deprecated"}}},
		data.EntityTask: {Title: "Tasks",
			Props: map[string]string{"title": "Name", "state": "Status", "due": "Due", "assignee": "Assignee", "agenda": "Agenda", "meeting": "Meeting"},
			Back:  map[string]string{"agenda": "Tasks", "meeting": "Tasks"}},
		data.EntityDecision: {Title: "Decisions",
			Props: map[string]string{"title": "Name", "state": "State", "decided_on": "Decided on", "review_by": "Review by",
				"agenda": "Agenda", "meeting": "Meeting", "ladr": "LADR"},
			Options: map[string][]string{"state": {"Active", "Superseded", "Reverted"}},
			Back:    map[string]string{"agenda": "Decisions", "meeting": "Decisions", "ladr": "Decisions"}},
	},
	LangJapanese: {
		data.EntitySeries: {Title: "定例", Props: map[string]string{"title": "名前", "schedule": "スケジュール", "time_zone": "タイムゾーン", "attendees": "参加者"}},
		data.EntityAgenda: {Title: "議題",
			Props:   map[string]string{"title": "名前", "state": "状態", "priority": "優先度", "owner": "担当者"},
			Options: map[string][]string{"state": {"未解決", "解決済み", "見送り"}, "priority": {"高", "中", "低", "最低"}}},
		data.EntityMeeting: {Title: "会議",
			Props: map[string]string{"title": "名前", "starts_at": "日時", "ends_at": "日時", "state": "状態", "series": "定例",
				"agendas": "議題", "attendees": "参加者"},
			Options: map[string][]string{"state": {"予定", "開催済み"}},
			Back:    map[string]string{"series": "会議", "agendas": "会議"}},
		data.EntityLADR: {Title: "LADR",
			Props:   map[string]string{"title": "名前", "number": "番号", "state": "ステータス", "date": "日付", "review_by": "見直し日"},
			Options: map[string][]string{"state": {"下書き", "提案中", "承認", "却下", "保留", "置き換え", "非推奨"}}},
		data.EntityTask: {Title: "タスク",
			Props: map[string]string{"title": "名前", "state": "ステータス", "due": "期限", "assignee": "担当者", "agenda": "議題", "meeting": "会議"},
			Back:  map[string]string{"agenda": "タスク", "meeting": "タスク"}},
		data.EntityDecision: {Title: "決定事項",
			Props: map[string]string{"title": "名前", "state": "状態", "decided_on": "決定日", "review_by": "見直し日",
				"agenda": "議題", "meeting": "会議", "ladr": "LADR"},
			Options: map[string][]string{"state": {"有効", "置き換え", "撤回"}},
			Back:    map[string]string{"agenda": "決定事項", "meeting": "決定事項", "ladr": "決定事項"}},
	},
}

// NamesOf is what init names an entity's database in lang (English when
// lang has no names).
func NamesOf(lang Lang, e data.Entity) Names {
	if n, ok := native[lang][e]; ok {
		return n
	}
	return native[LangEnglish][e]
}

// NativeOption is the name init gives a kaigi value of a field ("" if none).
func NativeOption(lang Lang, spec EntitySpec, f FieldSpec, v string) string {
	names := NamesOf(lang, spec.Entity).Options[f.Name]
	for i, o := range f.Options {
		if o == v && i < len(names) {
			return names[i]
		}
	}
	return ""
}
