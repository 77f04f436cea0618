package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	// What the generated client imports (its runtime, and YAML for the
	// spec's own document), required here so that go.mod pins them and
	// the client builds from the module's own requirements.
	_ "github.com/oapi-codegen/runtime"
	_ "github.com/oapi-codegen/runtime/types"
	_ "go.yaml.in/yaml/v3"

	"github.com/kaigi-dev/kaigi/data"
)

// TestGeneratedClientScenario is what a team scripting kaigi does first:
// generate a Go client from the spec with oapi-codegen (the go.mod tool)
// and drive a meeting through it against a real server (series → next
// meeting → agenda → decision → task → minutes → search). The client and
// testdata/apiclient/main.go are compiled as a package of this module
// through a build overlay, so nothing is written outside t.TempDir() and
// the client builds with the module's pinned requirements.
func TestGeneratedClientScenario(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to generate and build the client: %v", err)
	}
	root := moduleRoot(t, goBin)
	tmp := t.TempDir()
	gen := filepath.Join(tmp, "client.gen.go")
	goCmd(t, root, goBin, "tool", "oapi-codegen", "-generate", "types,client", "-package", "main", "-o", gen, filepath.Join(root, "server", "openapi.yaml"))
	scenario, err := filepath.Abs(filepath.Join("testdata", "apiclient", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	// A package path that exists only in the overlay.
	pkg := filepath.Join(root, "internal", "generatedclientscenario")
	if _, err := os.Stat(pkg); err == nil {
		t.Fatalf("%s exists; the overlay needs a path of its own", pkg)
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {
		filepath.Join(pkg, "main.go"): scenario, filepath.Join(pkg, "client.gen.go"): gen}})
	overlayFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(tmp, "scenario")
	goCmd(t, root, goBin, "build", "-overlay", overlayFile, "-o", bin, "./internal/generatedclientscenario")

	e := newEnv(t)
	var stdout, stderr bytes.Buffer
	run := exec.Command(bin, e.srv.URL, e.api().token)
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("the scenario through the generated client failed: %v\n%s", err, stderr.String())
	}
	var res struct {
		SeriesID, MeetingID, AgendaID, DecisionID, TaskID string
		Minutes                                           string
		SearchHits                                        []string
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("scenario output: %v\n%s", err, stdout.String())
	}

	ctx := context.Background()
	task, err := e.store.Task(ctx, data.TaskID(res.TaskID))
	if err != nil || task.Due.String() != "2026-01-12" || task.MeetingID != data.MeetingID(res.MeetingID) || task.Title != "計測結果を共有する" {
		t.Errorf("stored task: %+v %v", task, err)
	}
	dec, err := e.store.Decision(ctx, data.DecisionID(res.DecisionID))
	if err != nil || dec.AgendaID != data.AgendaID(res.AgendaID) || !dec.ReviewBy.IsZero() {
		t.Errorf("stored decision: %+v %v", dec, err)
	}
	ag, err := e.store.Agenda(ctx, data.AgendaID(res.AgendaID))
	if err != nil || ag.State != data.AgendaResolved {
		t.Errorf("stored agenda: %+v %v", ag, err)
	}
	for _, want := range []string{"CI の所要時間を短くする", "並列化で 12 分から 5 分になった。", "テストは並列で実行する", "計測結果を共有する"} {
		if !strings.Contains(res.Minutes, want) {
			t.Errorf("the minutes lack %q:\n%s", want, res.Minutes)
		}
	}
	if !slices.Contains(res.SearchHits, "decision/"+res.DecisionID) {
		t.Errorf("search hits %v, want the decision %s", res.SearchHits, res.DecisionID)
	}
}

func moduleRoot(t *testing.T, goBin string) string {
	t.Helper()
	out, err := exec.Command(goBin, "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v %s", err, out)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func goCmd(t *testing.T, dir, goBin string, args ...string) {
	t.Helper()
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
