// Package layers_test keeps the clean-architecture rule honest: dependencies point
// inward, domain <- usecase <- repository and delivery <- cmd. It reads the imports of
// every Go file of the module, tests included.
package layers_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/gamarriando/product-service/"

// allowed lists, per top-level folder, the project folders it may import.
var allowed = map[string][]string{
	"domain":     {},
	"usecase":    {"domain"},
	"repository": {"domain", "usecase", "repository", "migrations"},
	"delivery":   {"domain", "usecase", "delivery", "docs"},
	"migrations": {"domain", "repository", "migrations"},
	"docs":       {},
}

// testOnly are imports that tests of a layer may use to run it against real
// infrastructure, though the layer's code may not.
var testOnly = map[string][]string{
	"delivery": {"repository"},
}

func TestDependenciesPointInward(t *testing.T) {
	fset := token.NewFileSet()

	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}

		layer, _, _ := strings.Cut(filepath.ToSlash(path), "/")
		rules, ok := allowed[layer]
		if !ok {
			return nil
		}

		if strings.HasSuffix(path, "_test.go") {
			rules = append(append([]string{}, rules...), testOnly[layer]...)
		}

		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}

		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(p, module) {
				continue
			}

			target, _, _ := strings.Cut(strings.TrimPrefix(p, module), "/")
			if !contains(rules, target) {
				t.Errorf("%s imports %s: %s may import only %v", path, p, layer, rules)
			}
		}

		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}

	return false
}
