package main

import (
	"strings"
	"testing"
)

// TestAdoptListsDataSourcesAndAsksWhich: `kaigi notion adopt --dry-run` on a
// database of two data sources lists both; without --data-source adopt
// refuses in one line naming them; with it, adopt maps the chosen source.
func TestAdoptListsDataSourcesAndAsksWhich(t *testing.T) {
	t.Parallel() // its own folder, database and fake
	w := newNotionWorld(t)
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	tasks := mustConfigDB(t, w, "task")
	second, err := w.fake.CopyDataSource(tasks, "Archive", w.person)
	if err != nil {
		t.Fatal(err)
	}
	first := w.fake.DataSources(tasks)[0]
	out, _, err := runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--dry-run", "--rate", "100")
	if err != nil {
		t.Fatalf("adopt --dry-run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "data sources:") || !strings.Contains(out, first) || !strings.Contains(out, "Archive ("+second+")") {
		t.Fatalf("the dry run does not list both data sources:\n%s", out)
	}
	_, _, err = runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--rate", "100")
	if line := oneLine(err); err == nil || !strings.Contains(line, first) || !strings.Contains(line, second) || !strings.Contains(line, "--data-source") {
		t.Fatalf("adopt without a choice: %v", err)
	}
	out, _, err = runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--data-source", first, "--rate", "100")
	if err != nil || !strings.Contains(out, first+") ← kaigi syncs this one") || !strings.Contains(out, "mapping saved") {
		t.Fatalf("adopt --data-source: %v\n%s", err, out)
	}
	out, _, err = runKaigi(t, w.env, "sync", "--rate", "100")
	if err != nil {
		t.Fatalf("sync after adopting one of two sources: %v\n%s", err, out)
	}
}
