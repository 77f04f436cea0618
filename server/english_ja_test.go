package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/server"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Code in a Markdown text, not words for people: the YAML front matter
// kaigi reads back (status: proposed), code spans (a file's path, a
// front matter key) and link targets.
var (
	frontMatter = regexp.MustCompile(`(?s)\A---\n.*?\n---\n`)
	codeSpan    = regexp.MustCompile("`[^`\n]*`")
	linkTarget  = regexp.MustCompile(`\]\([^)\s]*\)`)
	// rakusHeading is a heading of the Rakus LADR format, bilingual by
	// design ("## Context - 文脈"): its English half is the format's
	// section name, which tools and readers of both languages match.
	rakusHeading     = regexp.MustCompile(`(?m)^(#{2,6} )[A-Za-z ]+ - (\p{Han}|\p{Hiragana}|\p{Katakana})`)
	htmlRakusHeading = regexp.MustCompile(`(<h[2-6][^>]*>)[A-Za-z ]+ - `)
)

// englishInText lists the Latin words of a plain or Markdown text that
// are not names (see namesNotEnglish), its code, URLs and setting names
// left out.
func englishInText(text string) []string {
	text = frontMatter.ReplaceAllString(text, "")
	text = rakusHeading.ReplaceAllString(text, "$1$2")
	text = linkTarget.ReplaceAllString(codeSpan.ReplaceAllString(text, ""), "")
	text = urlRe.ReplaceAllString(settingName.ReplaceAllString(text, ""), "")
	seen := map[string]bool{}
	var found []string
	for _, w := range latinWord.FindAllString(text, -1) {
		if !namesNotEnglish[strings.ToLower(w)] && !seen[w] {
			seen[w] = true
			found = append(found, w)
		}
	}
	sort.Strings(found)
	return found
}

// TestNoEnglishInJapanesePages is TestNoEnglishOutsideTheCatalog's
// successor for what is rendered rather than written in templates: for a
// Japanese team and person, the calendars' names and events, the LADR
// page with the file and pull-request body shown there (the textarea
// included), the LADR file itself and the PR body kaigi writes show no
// English word but names (namesNotEnglish). The Sync page with problems
// and run history is TestSyncPageInJapanese, the digest mail
// digest.TestJapaneseDigestHasNoEnglish, with the same rule.
func TestNoEnglishInJapanesePages(t *testing.T) {
	cat, err := i18n.Load(i18n.Japanese)
	if err != nil {
		t.Fatal(err)
	}
	ja := cat.Default()
	renderer, err := ladr.NewRenderer("", i18n.Japanese)
	if err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	const base = "https://kaigi.example"
	e := newEnv(t, func(d *server.Deps) {
		st := d.Store.(*data.Store)
		d.Catalog = cat
		d.RenderLADR = func(ctx context.Context, l data.LADR) ([]byte, string, error) {
			links, err := ladr.LinksFor(ctx, st, l)
			if err != nil {
				return nil, "", err
			}
			doc, name, err := ladr.RenderFile(ctx, st, folder, l.ID, ladr.ExportOptions{Renderer: renderer})
			if err != nil {
				return nil, "", err
			}
			return doc, ladr.PRBody(ja, l, links, name, base, ladr.NumberWidth(name)), nil
		}
	})
	ctx := context.Background()
	must(t, e.store.UpdatePerson(ctx, &data.Person{ID: e.user.ID, Name: "田中 太郎", Email: testEmail, Meta: data.Meta{Revision: e.user.Revision}}))
	must(t, e.store.UpdateSettings(ctx, e.user.ID, data.Settings{Lang: "ja", DigestHour: 8}))
	sr, m := e.seedMeeting("週次定例")
	due, _ := data.ParseDate("2026-01-09")
	must(t, e.store.CreateTask(ctx, &data.Task{SeriesID: sr.ID, Title: "議事録を送る", AssigneeID: e.user.ID, State: data.TaskTodo, Due: due}))
	old := data.LADR{Title: "状態管理に旧方式を採用する", State: data.LADRAccepted, Context: "理由", Decision: "- やる"}
	must(t, e.store.CreateLADR(ctx, &old))
	l := data.LADR{Title: "状態管理に新方式を採用する", State: data.LADRProposed, Context: "画面ごとに状態の持ち方がばらばら。", Decision: "- やる",
		Supersedes: []data.LADRID{old.ID}, MeetingID: m.ID}
	must(t, e.store.CreateLADR(ctx, &l))
	dec := data.Decision{MeetingID: m.ID, Title: "新方式を採用する", LADRID: l.ID}
	must(t, e.store.CreateDecision(ctx, &dec))
	b := e.login()

	t.Run("calendars", func(t *testing.T) {
		_, page := b.submit("/settings/calendar", url.Values{})
		for i, u := range shownSecrets(t, page)[:2] {
			req, _ := http.NewRequest(http.MethodGet, u, nil)
			req.Header.Set("Accept-Language", "en-US,en;q=0.9")
			_, body := e.anonymous().do(req)
			var shown []string // what a calendar app shows: names, events, their notes
			for _, line := range strings.Split(body, "\r\n") {
				for _, prop := range []string{"X-WR-CALNAME:", "X-WR-CALDESC:", "NAME:", "SUMMARY:", "DESCRIPTION:", "LOCATION:"} {
					if strings.HasPrefix(line, prop) {
						shown = append(shown, strings.TrimPrefix(line, prop))
					}
				}
			}
			if len(shown) < 2 {
				t.Fatalf("calendar %d shows nothing:\n%s", i, body)
			}
			if found := englishInText(strings.Join(shown, "\n")); len(found) > 0 {
				t.Errorf("calendar %d shows English %q in %q", i, found, shown)
			}
		}
	})

	t.Run("ladr page", func(t *testing.T) {
		english := englishFragments(t)
		for _, path := range []string{"/ladrs", "/ladrs/" + string(l.ID), "/ladrs/" + string(old.ID)} {
			_, page := b.get(path)
			if !strings.Contains(page, "<textarea") && path != "/ladrs" {
				t.Fatalf("%s shows no PR body", path)
			}
			// The file shown there has the Rakus format's bilingual
			// headings; the PR body names the file's path in code.
			page = htmlRakusHeading.ReplaceAllString(page, "$1")
			page = linkTarget.ReplaceAllString(codeSpan.ReplaceAllString(page, ""), "")
			if found := englishOnPage(english, page); len(found) > 0 {
				t.Errorf("%s shows English:\n  %s", path, strings.Join(found, "\n  "))
			}
		}
	})

	t.Run("ladr file and PR body", func(t *testing.T) {
		got, err := e.store.LADR(ctx, l.ID)
		must(t, err)
		links, err := ladr.LinksFor(ctx, e.store, got)
		must(t, err)
		doc, name, err := ladr.RenderFile(ctx, e.store, folder, l.ID, ladr.ExportOptions{Renderer: renderer})
		must(t, err)
		if found := englishInText(string(doc)); len(found) > 0 {
			t.Errorf("the LADR file shows English %q:\n%s", found, doc)
		}
		body := ladr.PRBody(ja, got, links, name, base, ladr.NumberWidth(name))
		if found := englishInText(body); len(found) > 0 {
			t.Errorf("the PR body shows English %q:\n%s", found, body)
		}
	})
}
