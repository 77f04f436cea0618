package main

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// `kaigi notion init` names the agendas' priorities in the words most of the
// database's series use: P1–P4 once numbers are the majority.
func TestNotionInitNamesPrioritiesInTheTeamsWords(t *testing.T) {
	t.Parallel() // its own folder, database and fake
	ctx := context.Background()
	w := newNotionWorld(t)
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, words := range []data.PriorityWords{data.PriorityNumbers, data.PriorityNumbers, data.PriorityLevels} {
		sr := data.Series{Name: []string{"Dev", "Ops", "All hands"}[i], Schedule: "0 10 * * MON", PriorityWords: words}
		if err := st.CreateSeries(ctx, &sr); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	w.env["KAIGI_LANG"] = "ja"
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	db, _ := w.fake.Database(mustConfigDB(t, w, "agenda"))
	props, _ := db["properties"].(map[string]any)
	sel, _ := props["優先度"].(map[string]any)["select"].(map[string]any)
	var names []string
	for _, o := range sel["options"].([]any) {
		names = append(names, o.(map[string]any)["name"].(string))
	}
	if strings.Join(names, ",") != "P1,P2,P3,P4" {
		t.Fatalf("優先度 options %v, want P1–P4", names)
	}
}
