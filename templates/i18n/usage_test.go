package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// keyShape is what a message ID looks like: dotted lower-case words.
var keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// fileName is a literal that is a file's name, not a message ID
// (generated templ code names its .templ file).
var fileName = regexp.MustCompile(`\.(templ|go|toml|sql|md|json|css|js|html|ics)$`)

// sourceStrings reads every non-test Go file of the module (the templ
// pages' generated code included, which holds their expressions as
// written) and returns its string literals, and those that name a message:
// the first argument of a .S, .F or .N call, or a literal shaped like an
// ID in one of the catalog's namespaces (tables of IDs).
func sourceStrings(t *testing.T, namespaces map[string]bool) (all map[string]bool, named map[string][]string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	all, named = map[string]bool{}, map[string][]string{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := literal(n); ok {
					all[s] = true
					if keyShape.MatchString(s) && namespaces[strings.SplitN(s, ".", 2)[0]] && !fileName.MatchString(s) {
						named[s] = append(named[s], fset.Position(n.Pos()).String())
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 || (sel.Sel.Name != "S" && sel.Sel.Name != "F" && sel.Sel.Name != "N") {
					return true
				}
				if lit, ok := n.Args[0].(*ast.BasicLit); ok {
					if s, ok := literal(lit); ok {
						named[s] = append(named[s], fset.Position(lit.Pos()).String())
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all, named
}

func literal(l *ast.BasicLit) (string, bool) {
	if l.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}

// TestEveryMessageIsKnownAndUsed fails when the code names a message the
// catalogs lack, and when a catalog has a message nothing names (IDs are
// always written whole, never assembled, so a search finds them).
func TestEveryMessageIsKnownAndUsed(t *testing.T) {
	c := load(t, i18n.English)
	ids := c.IDs(i18n.English)
	namespaces := map[string]bool{}
	for _, id := range ids {
		namespaces[strings.SplitN(id, ".", 2)[0]] = true
	}
	all, named := sourceStrings(t, namespaces)
	known := c.For(i18n.English)
	var missing []string
	for id, where := range named {
		if !known.Has(id) {
			missing = append(missing, id+" (named at "+strings.Join(where, ", ")+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no message %s", m)
	}
	for _, id := range ids {
		if !all[id] {
			t.Errorf("message %s is in the catalogs but no code names it", id)
		}
	}
}
