package ladr

import (
	"fmt"
	"path"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// maxSummaryRunes keeps the context summary in a PR body to a glance.
const maxSummaryRunes = 600

// PRTitle is the pull request title for an LADR, its number in the
// folder's width (4 when the folder shows none).
func PRTitle(l data.LADR, width int) string {
	return fmt.Sprintf("LADR %0*d: %s", max(width, 1), l.Number, oneLine(l.Title))
}

// PRBody is the pull request description in the team's language (t; nil
// is English): a summary of the context, the file under review, the
// records it supersedes, and links back to the meeting, agenda, decisions
// and the record in kaigi — those only when baseURL (KAIGI_BASE_URL) is
// set, since an address that only works on the server itself helps no
// reviewer. filePath is the file's path in the repository.
func PRBody(t *i18n.T, l data.LADR, links Links, filePath, baseURL string, width int) string {
	if t == nil {
		t = englishText()
	}
	number := fmt.Sprintf("%0*d", max(width, 1), l.Number)
	var b strings.Builder
	b.WriteString(t.F("ladr_pr.intro", i18n.Args{"Number": number, "Title": oneLine(l.Title)}) + "\n\n")
	b.WriteString("## " + t.S("ladr_pr.context") + "\n\n")
	if s := summary(l.Context); s != "" {
		b.WriteString(s + "\n\n")
	} else {
		b.WriteString("_" + t.S("ladr_pr.no_context") + "_\n\n")
	}
	b.WriteString(t.F("ladr_pr.read_whole", i18n.Args{"Path": filePath}) + "\n\n")
	var lines []string
	if base := strings.TrimRight(baseURL, "/"); base != "" {
		lines = append(lines, fmt.Sprintf("- %s: %s/ladrs/%s", t.S("ladr_pr.in_kaigi"), base, l.ID))
		if l.MeetingID != "" {
			lines = append(lines, fmt.Sprintf("- %s: %s/meetings/%s", t.S("ladr_pr.meeting"), base, l.MeetingID))
		}
		if l.AgendaID != "" {
			lines = append(lines, fmt.Sprintf("- %s: %s/agendas/%s", t.S("ladr_pr.agenda"), base, l.AgendaID))
		}
		for _, id := range l.DecisionIDs {
			lines = append(lines, fmt.Sprintf("- %s: %s/decisions/%s", t.S("ladr_pr.decision"), base, id))
		}
	}
	for _, n := range links.Supersedes {
		lines = append(lines, "- "+t.F("ladr_pr.supersedes", i18n.Args{"Number": fmt.Sprintf("%0*d", max(width, 1), n)}))
	}
	if links.NotionURL != "" {
		lines = append(lines, "- Notion: "+links.NotionURL)
	}
	if len(lines) > 0 {
		b.WriteString("## " + t.S("ladr_pr.links") + "\n\n" + strings.Join(lines, "\n") + "\n\n")
	}
	b.WriteString(t.S("ladr_pr.merge_note") + "\n")
	return b.String()
}

// englishText is the English catalog, for callers that name no language.
func englishText() *i18n.T {
	c, err := i18n.Load(i18n.English)
	if err != nil {
		return nil // the embedded catalogs are checked by their tests; IDs show instead
	}
	return c.For(i18n.English)
}

// summary is the first paragraph of a Markdown text, cut to a glance.
func summary(md string) string {
	para, _, _ := strings.Cut(trimBody(md), "\n\n")
	r := []rune(strings.TrimSpace(para))
	if len(r) > maxSummaryRunes {
		return string(r[:maxSummaryRunes]) + "…"
	}
	return string(r)
}

// NumberWidth is the number of digits a record's file name gives its
// number (4 for names without one, such as dated names), for PR titles
// and bodies in the folder's width.
func NumberWidth(name string) int {
	_, digits, _, _, _, ok := convention.Split(path.Base(name))
	if !ok || convention.IsDateDigits(digits) || len(digits) > 6 {
		return 4
	}
	return len(digits)
}
