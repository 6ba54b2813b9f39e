package reliability

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// queryMethods are the GORM (and database/sql, pgx) calls whose text argument is SQL,
// so any input in it is injection (GORM security docs; RELIABILITY INP-4).
var queryMethods = []string{"Order", "Raw", "Exec", "Select", "Group", "Having", "Table",
	"Joins"}

// reviewedDynamic are the calls whose SQL is built at run time from fixed data, read
// and accepted one by one: file, enclosing function, method, and why it is safe. An
// entry that no longer matches a call fails the test, so the list cannot go stale.
var reviewedDynamic = map[string]string{
	"repository/gormstore/migrate.go AutoMigrate Exec": "index DDL from the fixed " +
		"listIndexes table (names and columns written in the source)",
}

// skipDirs are not the service: generated docs, the benchmark tool, test helpers.
var skipDirs = []string{"docs", "bench", "testdata", ".git", "repository/dbtest",
	"delivery/accesstest", "delivery/auth/authtest", "delivery/lambdaapi/lambdatest",
	"cmd/internal/reliability"}

// TestQueryArgumentsAreConstant is INP-4's static check: in every non-test source file
// of the service, the SQL argument of the calls above is a string literal, a constant,
// a fixed package-level list, a concatenation of those, or a GORM clause value (which
// quotes its column names); and no Where call formats its condition with fmt.Sprintf.
func TestQueryArgumentsAreConstant(t *testing.T) {
	root := moduleRoot(t)
	findings, used := scanModule(t, root)
	for _, f := range findings {
		t.Errorf("%s", f)
	}

	for key := range reviewedDynamic {
		if !used[key] {
			t.Errorf("reviewed entry %q matches no call any more; remove it", key)
		}
	}
}

// TestQueryCheckCatchesNaiveCode runs the check over code written the unsafe way, to
// show it fails when it should.
func TestQueryCheckCatchesNaiveCode(t *testing.T) {
	const naive = `package naive
import "fmt"
func list(db DB, sort, name, col string) {
	db.Order(sort)
	db.Where(fmt.Sprintf("name = '%s'", name))
	db.Raw("SELECT " + col)
	db.Exec(ctx, "DELETE FROM t WHERE x = " + name)
	db.Order("id").Select("name")
}`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "naive.go", naive, 0)
	if err != nil {
		t.Fatal(err)
	}

	findings := checkFile(fset, "naive.go", file, packageFacts([]*ast.File{file}), nil)
	if len(findings) != 4 {
		t.Errorf("%d findings in naive code, want 4:\n%s", len(findings),
			strings.Join(findings, "\n"))
	}
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}

	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}

		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}

		dir = parent
	}
}

// scanModule parses every package directory and checks its files.
func scanModule(t *testing.T, root string) ([]string, map[string]bool) {
	byDir := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}

		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && slices.Contains(skipDirs, filepath.ToSlash(rel)) {
			return filepath.SkipDir
		}

		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path,
			"_test.go") {
			byDir[filepath.Dir(rel)] = append(byDir[filepath.Dir(rel)], rel)
		}

		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	used := map[string]bool{}
	var findings []string
	for _, files := range byDir {
		fset := token.NewFileSet()
		var parsed []*ast.File
		for _, rel := range files {
			f, err := parser.ParseFile(fset, filepath.Join(root, rel), nil, 0)
			if err != nil {
				t.Fatalf("parse %s: %v", rel, err)
			}

			parsed = append(parsed, f)
		}

		facts := packageFacts(parsed)
		for i, f := range parsed {
			findings = append(findings, checkFile(fset, filepath.ToSlash(files[i]), f, facts,
				used)...)
		}
	}

	sort.Strings(findings)

	return findings, used
}

// facts are a package's names whose values are fixed: constants, and package-level
// variables initialised with literals only (column lists, statement lists).
type facts map[string]bool

func packageFacts(files []*ast.File) facts {
	out := facts{}
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
				continue
			}

			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if gd.Tok == token.CONST || (i < len(vs.Values) &&
						literalOnly(vs.Values[i], out)) {
						out[name.Name] = true
					}
				}
			}
		}
	}

	return out
}

// literalOnly is true for an expression made of literals and fixed names only.
func literalOnly(e ast.Expr, known facts) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr, *ast.FuncLit:
			ok = false
		case *ast.Ident:
			if !known[x.Name] && !isTypeName(x.Name) {
				ok = false
			}
		case *ast.KeyValueExpr:
			ast.Inspect(x.Value, func(m ast.Node) bool {
				if id, isIdent := m.(*ast.Ident); isIdent && !known[id.Name] &&
					!isTypeName(id.Name) {
					ok = false
				}

				return true
			})

			return false
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				if !literalOnly(el, known) {
					ok = false
				}
			}

			return false
		}

		return ok
	})

	return ok
}

func isTypeName(name string) bool {
	return slices.Contains([]string{"string", "int", "int64", "true", "false", "nil"}, name)
}

// checkFile reports every query call of f whose SQL argument is not fixed.
func checkFile(fset *token.FileSet, rel string, f *ast.File, known facts,
	used map[string]bool) []string {
	var out []string
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}

		local := rangeOverFixed(fn, known)
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}

			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}

			pos := fset.Position(call.Pos())
			where := fmt.Sprintf("%s:%d %s: .%s(", rel, pos.Line, fn.Name.Name, sel.Sel.Name)
			if sel.Sel.Name == "Where" && formats(call) {
				out = append(out, where+" formats its condition with fmt.Sprintf")
			}

			if !slices.Contains(queryMethods, sel.Sel.Name) {
				return true
			}

			arg := sqlArgument(call)
			if arg == nil || fixed(arg, known, local) {
				return true
			}

			key := rel + " " + fn.Name.Name + " " + sel.Sel.Name
			if _, ok := reviewedDynamic[key]; ok {
				if used != nil {
					used[key] = true
				}

				return true
			}

			out = append(out, where+" takes a SQL argument that is not a literal or "+
				"allowlisted constant")

			return true
		})
	}

	return out
}

// sqlArgument is the SQL text of a call: its first argument, or its second when the
// first is a context (database/sql and pgx take ctx first).
func sqlArgument(call *ast.CallExpr) ast.Expr {
	if len(call.Args) == 0 {
		return nil
	}

	first := call.Args[0]
	if isContext(first) {
		if len(call.Args) < 2 {
			return nil
		}

		return call.Args[1]
	}

	return first
}

func isContext(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name == "ctx"
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "context" {
				return true
			}

			return sel.Sel.Name == "Context"
		}
	}

	return false
}

// fixed is true for SQL text that cannot carry input.
func fixed(e ast.Expr, known, local facts) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.STRING
	case *ast.Ident:
		return known[x.Name] || local[x.Name]
	case *ast.BinaryExpr:
		return x.Op == token.ADD && fixed(x.X, known, local) && fixed(x.Y, known, local)
	case *ast.ParenExpr:
		return fixed(x.X, known, local)
	case *ast.FuncLit:
		return true // sql.Conn.Raw(func(driverConn any) error): no SQL at all
	case *ast.CompositeLit:
		return gormClause(x)
	}

	return false
}

// gormClause accepts clause.OrderByColumn{...} and friends: GORM quotes the column
// names they carry, unless told Raw: true.
func gormClause(lit *ast.CompositeLit) bool {
	sel, ok := lit.Type.(*ast.SelectorExpr)
	if !ok {
		return false
	}

	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "clause" {
		return false
	}

	raw := false
	ast.Inspect(lit, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Raw" {
				raw = true
			}
		}

		return true
	})

	return !raw
}

// rangeOverFixed finds, inside fn, local lists assigned from literals only and loop
// variables ranging over a fixed list.
func rangeOverFixed(fn *ast.FuncDecl, known facts) facts {
	lists := facts{}
	for k := range known {
		lists[k] = true
	}

	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && literalOnly(as.Rhs[0], known) {
				lists[id.Name] = true
			}
		}

		return true
	})

	out := facts{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok {
			return true
		}

		v, ok := rs.Value.(*ast.Ident)
		if ok && literalOnly(rs.X, lists) {
			out[v.Name] = true
		}

		return true
	})

	return out
}

// formats is true when a call's arguments use fmt.Sprintf.
func formats(call *ast.CallExpr) bool {
	found := false
	for _, arg := range call.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}

			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "fmt" {
					found = true
				}
			}

			return true
		})
	}

	return found
}
