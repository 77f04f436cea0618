package codec

import (
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/blocks"
)

// ladrSections are the LADR sections kept in the page body, as level-2 headings.
var ladrSections = []string{"Context", "Specification", "Decision", "Consequences"}

// LADRBody is an LADR's sections as the page body holds them.
func LADRBody(l data.LADR) string {
	var parts []string
	for i, text := range []string{l.Context, l.Specification, l.Decision, l.Consequences} {
		if strings.TrimSpace(text) != "" {
			parts = append(parts, "## "+ladrSections[i]+"\n\n"+text)
		}
	}
	return blocks.Normalize(strings.Join(parts, "\n\n"))
}

// SplitLADRBody is LADRBody's inverse: text under an unknown heading stays
// in the section above it.
func SplitLADRBody(body string) [4]string {
	var out [4]string
	cur := -1
	var buf []blocks.Block
	flush := func() {
		if cur >= 0 {
			out[cur] = blocks.Render(buf)
		}
		buf = nil
	}
	for _, b := range blocks.Parse(body) {
		if b.Type == "heading_2" {
			if i := indexOf(ladrSections, b.Text); i >= 0 {
				flush()
				cur = i
				continue
			}
		}
		if cur < 0 {
			cur = 0
		}
		buf = append(buf, b)
	}
	flush()
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if strings.EqualFold(v, s) {
			return i
		}
	}
	return -1
}
