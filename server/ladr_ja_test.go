package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestLADRPagesInJapanese: the LADR list (with its graph) and an LADR's
// page, for a Japanese user, show no English word of kaigi's. The file and
// the pull-request body shown there follow the folder's template (not
// rendered here: no RenderLADR).
func TestLADRPagesInJapanese(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	must(t, e.store.UpdateSettings(ctx, e.user.ID, data.Settings{Lang: "ja", DigestHour: 8}))
	_, m := e.seedMeeting("週次定例")
	old := data.LADR{Title: "状態管理に旧方式を採用する", State: data.LADRAccepted, Context: "理由", Decision: "- やる"}
	must(t, e.store.CreateLADR(ctx, &old))
	l := data.LADR{Title: "状態管理に新方式を採用する", State: data.LADRProposed, Context: "理由", Decision: "- やる", Supersedes: []data.LADRID{old.ID}}
	must(t, e.store.CreateLADR(ctx, &l))
	must(t, e.store.CreateDecision(ctx, &data.Decision{MeetingID: m.ID, Title: "新方式を採用する", LADRID: l.ID}))
	english := englishFragments(t)
	b := e.login()
	for _, path := range []string{"/ladrs", "/ladrs/" + string(l.ID), "/ladrs/" + string(old.ID)} {
		_, page := b.get(path)
		if found := englishOnPage(english, page); len(found) > 0 {
			t.Errorf("%s shows English:\n  %s", path, strings.Join(found, "\n  "))
		}
	}
}
