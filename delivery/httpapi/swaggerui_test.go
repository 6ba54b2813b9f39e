package httpapi

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSwaggerUIAssetsArePinned keeps the embedded Swagger UI the one package.json pins:
// the version named in swaggerui/README.md, and (after `npm ci`) the same bytes as the
// installed swagger-ui-dist. Run `make swagger-ui` after changing the pin.
func TestSwaggerUIAssetsArePinned(t *testing.T) {
	root := filepath.Join("..", "..")
	pinned := npmVersion(t, filepath.Join(root, "package.json"), "swagger-ui-dist")

	readme, err := os.ReadFile(filepath.Join("swaggerui", "README.md"))
	if err != nil {
		t.Fatal(err)
	}

	if !strings.Contains(string(readme), "`swagger-ui-dist` "+pinned) {
		t.Errorf("swaggerui/README.md does not name swagger-ui-dist %s", pinned)
	}

	dist := filepath.Join(root, "node_modules", "swagger-ui-dist")
	installed := npmVersion(t, filepath.Join(dist, "package.json"), "")
	if installed == "" {
		t.Skip("node_modules/swagger-ui-dist is not installed (npm ci)")
	}

	if installed != pinned {
		t.Fatalf("node_modules has swagger-ui-dist %s, package.json pins %s: run npm ci",
			installed, pinned)
	}

	for _, name := range []string{"swagger-ui-bundle.js", "swagger-ui.css",
		"favicon-32x32.png", "LICENSE", "NOTICE"} {
		want, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}

		got, err := os.ReadFile(filepath.Join("swaggerui", name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("swaggerui/%s is not swagger-ui-dist %s's: run make swagger-ui", name,
				pinned)
		}
	}
}

// npmVersion reads a package.json: the version of dependency dep, or with dep "" the
// package's own version; "" when the file is missing.
func npmVersion(t *testing.T, path, dep string) string {
	t.Helper()

	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}

	if err != nil {
		t.Fatal(err)
	}

	var pkg struct {
		Version         string            `json:"version"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatalf("%s: %v", path, err)
	}

	if dep == "" {
		return pkg.Version
	}

	return pkg.DevDependencies[dep]
}
