package ladr

import "github.com/kaigi-dev/kaigi/ladr/convention"

// FormGuidance is what the web form shows in an empty section as
// placeholder text: guidance to read, never content to save.
var FormGuidance = map[string]string{
	secContext:       "Why do we need a decision now? The problem, the forces at play, the constraints, for a reviewer who was not in the meeting.",
	secSpecification: "What we will do:\n- …\n\nWhat we will not do:\n- …",
	secDecision:      "The choice itself, in a sentence or two a newcomer can quote: \"We will … because …\".",
	secConsequences:  "What becomes easier and what becomes harder once this is in place; when to look at it again.",
}

// IsGuidance reports whether a section body is only guidance text (the web
// form's, kaigi's earlier form's, adr-tools'), not content.
func IsGuidance(body string) bool {
	b := oneLine(body)
	return formGuidance[b] || knownGuide.Is("", "", body)
}

// formGuidance and knownGuide are computed once and never change.
var (
	formGuidance = func() map[string]bool {
		m := map[string]bool{}
		for _, g := range FormGuidance {
			m[oneLine(g)] = true
		}
		return m
	}()
	knownGuide = convention.Kaigi(convention.Naming{}).Guide()
)
