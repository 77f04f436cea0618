package ladr

import (
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

func TestPRBodySpeaksTheTeamsLanguageInTheFoldersWidth(t *testing.T) {
	c, err := i18n.Load(i18n.Japanese)
	must(t, err)
	l := data.LADR{ID: "01J0", Number: 12, Title: "監視基盤を Datadog に一本化する", Context: "監視ツールが三つある。\n\n詳細。", MeetingID: "m1"}
	body := PRBody(c.For(i18n.Japanese), l, Links{Supersedes: []int{3}}, "docs/adr/adr-012-監視.md", "", 3)
	for _, want := range []string{"**LADR 012: 監視基盤を Datadog に一本化する** をレビューに出します。", "## 背景", "監視ツールが三つある。", "LADR 003 を置き換えます", "承認"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "/meetings/") || strings.Contains(body, "127.0.0.1") || strings.Contains(body, "詳細。") {
		t.Errorf("without KAIGI_BASE_URL the body links kaigi, or it copies the whole context:\n%s", body)
	}
	if got := PRTitle(l, 3); got != "LADR 012: 監視基盤を Datadog に一本化する" {
		t.Errorf("title %q", got)
	}
	en := PRBody(nil, l, Links{}, "docs/adr/0012-x.md", "https://kaigi.example.com/", 4)
	if !strings.Contains(en, "This pull request proposes **LADR 0012") || !strings.Contains(en, "- Meeting: https://kaigi.example.com/meetings/m1") {
		t.Errorf("English body with KAIGI_BASE_URL:\n%s", en)
	}
}

func TestPRBranchIsASCII(t *testing.T) {
	for _, c := range []struct {
		l    data.LADR
		want string
	}{
		{data.LADR{Number: 12, Title: "監視基盤を Datadog に一本化する", Slug: "監視基盤を-datadog-に一本化する"}, "ladr/0012-datadog"},
		{data.LADR{Number: 3, Title: "状態管理", Slug: "状態管理"}, "ladr/0003"},
		{data.LADR{Number: 7, Title: "Use SQLite", Slug: "use-sqlite"}, "ladr/0007-use-sqlite"},
		{data.LADR{Number: 8, Title: "Café — naïve über", Slug: ""}, "ladr/0008-cafe-naive-uber"},
	} {
		if got := PRBranch(c.l); got != c.want {
			t.Errorf("%q: %q, want %q", c.l.Title, got, c.want)
		}
		if n, ok := NumberFromBranch(PRBranch(c.l)); !ok || n != c.l.Number {
			t.Errorf("%s reads back as %d", PRBranch(c.l), n)
		}
	}
}

func TestNumberWidthFollowsTheFileName(t *testing.T) {
	for name, want := range map[string]int{"adr-012-監視.md": 3, "0007-use-sqlite.md": 4, "2022-09-19-slug.md": 4, "20200926-x.md": 4, "12-x.md": 2} {
		if got := NumberWidth(name); got != want {
			t.Errorf("%s: %d, want %d", name, got, want)
		}
	}
}
