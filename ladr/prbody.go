package ladr

import (
	"fmt"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

// DefaultBaseURL is where kaigi's pages are when KAIGI_BASE_URL is unset.
const DefaultBaseURL = "http://127.0.0.1:8080"

// maxSummaryRunes keeps the context summary in a PR body to a glance.
const maxSummaryRunes = 600

// PRTitle is the pull request title for an LADR.
func PRTitle(l data.LADR) string {
	return fmt.Sprintf("LADR %04d: %s", l.Number, oneLine(l.Title))
}

// PRBody is the pull request description: a summary of the context, the
// file under review and links back to the meeting, agenda, decisions and
// the record in kaigi. filePath is the file's path in the repository.
func PRBody(l data.LADR, links Links, filePath, baseURL string) string {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	base := strings.TrimRight(baseURL, "/")
	var b strings.Builder
	fmt.Fprintf(&b, "This pull request proposes **LADR %04d: %s** for review.\n\n", l.Number, oneLine(l.Title))
	b.WriteString("## Context\n\n")
	if s := summary(l.Context); s != "" {
		b.WriteString(s + "\n\n")
	} else {
		b.WriteString("_No context written yet._\n\n")
	}
	fmt.Fprintf(&b, "Read the whole record in [`%s`](%s).\n\n", filePath, filePath)
	b.WriteString("## Links\n\n")
	fmt.Fprintf(&b, "- LADR in kaigi: %s/ladrs/%s\n", base, l.ID)
	if l.MeetingID != "" {
		fmt.Fprintf(&b, "- Meeting: %s/meetings/%s\n", base, l.MeetingID)
	}
	if l.AgendaID != "" {
		fmt.Fprintf(&b, "- Agenda: %s/agendas/%s\n", base, l.AgendaID)
	}
	for _, id := range l.DecisionIDs {
		fmt.Fprintf(&b, "- Decision: %s/decisions/%s\n", base, id)
	}
	for _, n := range links.Supersedes {
		fmt.Fprintf(&b, "- Supersedes LADR %04d\n", n)
	}
	if links.NotionURL != "" {
		fmt.Fprintf(&b, "- Notion: %s\n", links.NotionURL)
	}
	b.WriteString("\nMerging this pull request marks the LADR accepted in kaigi; closing it unmerged sets it back to draft.\n")
	return b.String()
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
