package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/kaigi-dev/kaigi"

// pkg is one folder of Go files, parsed.
type pkg struct {
	dir     string // relative to the module root, slash-separated
	files   map[string]*ast.File
	imports map[string]bool // of the non-test files
}

// load parses every Go file of the module once.
func load(t *testing.T) (map[string]*pkg, *token.FileSet) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	fset := token.NewFileSet()
	pkgs := map[string]*pkg{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		p := pkgs[rel]
		if p == nil {
			p = &pkg{dir: rel, files: map[string]*ast.File{}, imports: map[string]bool{}}
			pkgs[rel] = p
		}
		p.files[filepath.Base(path)] = f
		if !strings.HasSuffix(path, "_test.go") {
			for _, imp := range f.Imports {
				v, _ := strconv.Unquote(imp.Path.Value)
				p.imports[v] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs, fset
}

// reaches lists the module's packages that dir imports, directly or not.
func reaches(pkgs map[string]*pkg, dir string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(d string) {
		p := pkgs[d]
		if p == nil {
			return
		}
		for imp := range p.imports {
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok && !seen[rel] {
				seen[rel] = true
				walk(rel)
			}
		}
	}
	walk(dir)
	return seen
}

func stdlib(path string) bool { return !strings.Contains(strings.Split(path, "/")[0], ".") }

// The Notion client, the block codec and the merge know nothing of kaigi's
// records; the merge and the sync state use nothing beyond what they own;
// the property codec never reaches the engine or the sync state.
func TestImportRules(t *testing.T) {
	pkgs, _ := load(t)
	if !reaches(pkgs, "notion")["data"] {
		t.Fatalf("the import walk does not see notion → data; it cannot judge the rules")
	}
	for _, dir := range []string{"notion/api", "notion/blocks", "notion/merge"} {
		if pkgs[dir] == nil {
			t.Fatalf("package %s is missing", dir)
		}
		if r := reaches(pkgs, dir); r["data"] {
			t.Errorf("%s imports data (through %v); it must not", dir, keys(r))
		}
	}
	allowed := map[string]func(string) bool{
		"notion/merge":  stdlib,
		"notion/api":    func(p string) bool { return stdlib(p) || p == "github.com/jomei/notionapi" },
		"notion/blocks": func(p string) bool { return stdlib(p) || strings.HasPrefix(p, "github.com/yuin/goldmark") },
		"notion/syncdb": func(p string) bool { return stdlib(p) || p == module+"/data" },
		// The property codec reads kaigi's types (data) and Notion's values
		// (api, blocks), and asks the engine for the rest: never the engine,
		// the sync state, or a database driver.
		"notion/codec": func(p string) bool {
			return stdlib(p) && p != "database/sql" ||
				slices.Contains([]string{module + "/data", module + "/notion/api", module + "/notion/blocks", module + "/notion/merge"}, p)
		},
	}
	for dir, ok := range allowed {
		if pkgs[dir] == nil {
			t.Fatalf("package %s is missing", dir)
		}
		for imp := range pkgs[dir].imports {
			if !ok(imp) {
				t.Errorf("%s imports %s", dir, imp)
			}
		}
	}
	if r := reaches(pkgs, "notion/codec"); r["notion"] || r["notion/syncdb"] {
		t.Errorf("notion/codec reaches the engine or the sync state (through %v); it must not", keys(r))
	}
	for dir, p := range pkgs {
		for imp := range p.imports {
			if strings.HasPrefix(imp, module+"/cmd") || imp == module+"/server" && dir != "cmd/kaigi" {
				t.Errorf("%s imports %s: nothing imports cmd, only cmd imports server", dir, imp)
			}
		}
	}
}

// sqlText recognises a statement in a string literal (kaigi writes SQL
// keywords in capitals).
var sqlText = regexp.MustCompile(`(?s)\bSELECT\b.+\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|` +
	`\b(CREATE|DROP)\s+(TABLE|INDEX|VIRTUAL\s+TABLE|TRIGGER|VIEW)\b|\bALTER\s+TABLE\b|\bPRAGMA\s+\w`)

// sqlOwners are the only packages that contain SQL: the store, and the
// Notion sync's state in the same file.
var sqlOwners = []string{"data", "notion/syncdb"}

func TestSQLStaysWithItsOwners(t *testing.T) {
	pkgs, fset := load(t)
	found := map[string]int{}
	for dir, p := range pkgs {
		owner := slices.Contains(sqlOwners, dir)
		for name, f := range p.files {
			for _, imp := range f.Imports {
				if v, _ := strconv.Unquote(imp.Path.Value); (v == "database/sql" || strings.HasPrefix(v, "modernc.org/sqlite")) && !owner {
					t.Errorf("%s/%s imports %s; only %v may", dir, name, v, sqlOwners)
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if n.Kind != token.STRING {
						return true
					}
					s, err := strconv.Unquote(n.Value)
					if err == nil && sqlText.MatchString(s) {
						found[dir]++
						if !owner {
							t.Errorf("%s: SQL outside %v: %.60q", fset.Position(n.Pos()), sqlOwners, s)
						}
					}
				case *ast.SelectorExpr:
					if n.Sel.Name == "SharedConn" && !owner {
						t.Errorf("%s: %s uses the store's shared connection, which is notion/syncdb's", fset.Position(n.Pos()), dir)
					}
				}
				return true
			})
		}
	}
	for _, dir := range sqlOwners {
		if found[dir] == 0 {
			t.Errorf("no SQL recognised in %s, which has it: the check is blind", dir)
		}
	}
	for name, f := range pkgs["data"].files {
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && (fn.Name.Name == "DB" || fn.Name.Name == "InTx") {
				t.Errorf("data/%s: Store.%s hands out the pool; statements belong in data or notion/syncdb", name, fn.Name.Name)
			}
		}
	}
}

// Every package says what it owns.
func TestEveryPackageHasADocComment(t *testing.T) {
	pkgs, _ := load(t)
	for dir, p := range pkgs {
		documented, code := false, false
		for name, f := range p.files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			code = true
			documented = documented || f.Doc != nil && strings.TrimSpace(f.Doc.Text()) != ""
		}
		if code && !documented {
			t.Errorf("package %s has no doc comment saying what it owns", dir)
		}
	}
}

// The Notion sync's packages keep files and functions small.
func TestSyncPackagesStaySmall(t *testing.T) {
	const maxFileLines, maxFuncLines = 400, 80
	pkgs, fset := load(t)
	for _, dir := range []string{"notion", "notion/api", "notion/blocks", "notion/merge", "notion/syncdb", "internal/testclock", "internal/webhooksig"} {
		if pkgs[dir] == nil {
			t.Fatalf("package %s is missing", dir)
		}
		for name, f := range pkgs[dir].files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			if n := fset.Position(f.End()).Line; n > maxFileLines {
				t.Errorf("%s/%s has %d lines, more than %d", dir, name, n, maxFileLines)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n > maxFuncLines {
					t.Errorf("%s/%s: %s has %d lines, more than %d", dir, name, fn.Name.Name, n, maxFuncLines)
				}
			}
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
