package server_test

import (
	"context"
	"html"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

var (
	tagsRe = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	urlRe  = regexp.MustCompile(`https?://\S+`)
)

// englishOnPage lists the English catalog fragments and Latin words that
// are not names in the text of an HTML page (its tags, URLs and server
// setting names left out).
func englishOnPage(english map[string]*regexp.Regexp, page string) []string {
	text := html.UnescapeString(tagsRe.ReplaceAllString(page, " "))
	text = urlRe.ReplaceAllString(settingName.ReplaceAllString(text, ""), "")
	var found []string
	for frag, re := range english {
		if re.MatchString(text) {
			found = append(found, "catalog: "+frag)
		}
	}
	seen := map[string]bool{}
	for _, w := range latinWord.FindAllString(text, -1) {
		if !namesNotEnglish[strings.ToLower(w)] && !seen[w] {
			seen[w] = true
			found = append(found, "word: "+w)
		}
	}
	sort.Strings(found)
	return found
}

// TestSyncPageInJapanese: the Sync page of a Japanese user says every
// standing problem, by its code, and the run history from the catalogs:
// no English from the engine, and a run that created 23 pages says so.
func TestSyncPageInJapanese(t *testing.T) {
	since := time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC)
	var problems []server.SyncProblem
	for _, kind := range []string{"database", "gone", "invalid", "option", "page", "people", "refused", "sources", "users", "value", "waits", "unknown"} {
		problems = append(problems, server.SyncProblem{Kind: kind, Entity: data.EntityAgenda, Message: "Agendas page \"x\": kaigi cannot take its state",
			URL: "https://www.notion.so/0123", Fix: "pick another option in Notion", Since: since})
	}
	fs := &fakeSync{resolved: map[string]string{}, status: server.SyncStatus{Problems: problems}}
	fs.runs2 = []server.SyncRun{{Started: since, Finished: since.Add(time.Minute), Created: 23, Pushed: 23, Problems: 12, Error: "notion: 502 Bad Gateway"}}
	e := newEnv(t, func(d *server.Deps) { d.Sync = fs })
	must(t, e.store.UpdateSettings(context.Background(), e.user.ID, data.Settings{Lang: "ja", DigestHour: 8}))
	_, page := e.login().get("/sync")
	if found := englishOnPage(englishFragments(t), page); len(found) > 0 {
		t.Errorf("the Japanese Sync page shows English:\n  %s\n%s", strings.Join(found, "\n  "), page)
	}
	for _, want := range []string{"ページ作成 23", "Notion の議題のページが、kaigi に対応する値のない選択肢を使っています。", "同期に失敗しました", "データソースが複数あり"} {
		if !strings.Contains(page, want) {
			t.Errorf("the Sync page lacks %q", want)
		}
	}
}
