package httpapi_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// swagInit is the generation command, without its output directory. The Makefile's
// docs target runs exactly this with -o docs; keep the two the same.
var swagInit = []string{"tool", "swag", "init", "--quiet", "-g", "doc.go",
	"-d", "delivery/httpapi", "--parseDependency=false", "--useStructName",
	"--outputTypes", "go,json,yaml"}

// TestSwaggerDocsAreCurrent regenerates the spec from the annotations into a temporary
// directory and fails when the committed docs/ differs.
func TestSwaggerDocsAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs swag; skipped with -short")
	}

	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "docs") // the directory name is the package name
	cmd := exec.Command("go", append(swagInit, "-o", out)...)
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %v: %v\n%s", swagInit, err, msg)
	}

	for _, name := range []string{"docs.go", "swagger.json", "swagger.yaml"} {
		fresh, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}

		committed, err := os.ReadFile(filepath.Join(root, "docs", name))
		if err != nil || !bytes.Equal(fresh, committed) {
			t.Errorf("docs/%s is stale: run `make docs` and commit the result", name)
		}
	}
}
