package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

var (
	swaggerJSON = filepath.Join("..", "..", "swagger.json")
	openAPIJSON = filepath.Join("..", "..", "openapi.json")
)

// TestOpenAPIIsCurrent fails when docs/openapi.json is not what docs/swagger.json
// converts to (the swag half of the docs has its own test in delivery/httpapi).
func TestOpenAPIIsCurrent(t *testing.T) {
	src, err := os.ReadFile(swaggerJSON)
	if err != nil {
		t.Fatal(err)
	}

	fresh, err := Convert(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}

	committed, err := os.ReadFile(openAPIJSON)
	if err != nil || !bytes.Equal(fresh, committed) {
		t.Fatalf("docs/openapi.json is stale: run `make docs` and commit the result")
	}
}

func load(t *testing.T) *openapi3.T {
	t.Helper()

	src, err := os.ReadFile(swaggerJSON)
	if err != nil {
		t.Fatal(err)
	}

	out, err := Convert(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}

	doc, err := openapi3.NewLoader().LoadFromData(out)
	if err != nil {
		t.Fatal(err)
	}

	return doc
}

func TestEveryOperationIsDocumented(t *testing.T) {
	doc := load(t)

	var api int
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" || op.Summary == "" || op.Description == "" ||
				len(op.Tags) != 1 {
				t.Errorf("%s: id %q, summary %q, tags %v, description of %d bytes", where,
					op.OperationID, op.Summary, op.Tags, len(op.Description))
			}

			if !strings.HasPrefix(path, "/api/") {
				continue
			}

			api++
			for _, code := range []string{"400", "401", "500", "503"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s: no %s response", where, code)
				}
			}
		}
	}

	// Fifteen operations: update is PUT and PATCH, so eighteen method and path pairs.
	if api != 18 {
		t.Errorf("%d API operations, want 18", api)
	}
}

func TestSecurity(t *testing.T) {
	doc := load(t)

	scheme := doc.Components.SecuritySchemes[bearerScheme].Value
	if scheme.Type != "http" || scheme.Scheme != "bearer" || scheme.BearerFormat != "JWT" {
		t.Fatalf("bearer scheme: %+v", scheme)
	}

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			var want int // requirement sets: writes 1 (bearer), reads 2 (none or bearer)
			switch {
			case !strings.HasPrefix(path, "/api/"):
				want = 0
			case method == "GET":
				want = 2
			default:
				want = 1
				for _, code := range []string{"401", "403"} {
					if op.Responses.Value(code) == nil {
						t.Errorf("%s: a write without a %s response", where, code)
					}
				}
			}

			if op.Security == nil || len(*op.Security) != want {
				t.Errorf("%s: security %v, want %d requirement sets", where, op.Security, want)
			}
		}
	}
}

func TestMediaTypesByStatus(t *testing.T) {
	doc := load(t)

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				isError := code[0] == '4' || code[0] == '5'
				for media := range resp.Value.Content {
					if (media == problemMedia) != isError {
						t.Errorf("%s %s %s: %s", method, path, code, media)
					}
				}
			}
		}
	}
}

func TestFieldRefinements(t *testing.T) {
	schemas := load(t).Components.Schemas
	prop := func(schema, field string) *openapi3.Schema {
		s, ok := schemas[schema]
		if !ok || s.Value.Properties[field] == nil {
			t.Fatalf("no %s.%s", schema, field)
		}

		return s.Value.Properties[field].Value
	}

	if p := prop("ProductRequest", "price"); len(p.AnyOf) != 2 {
		t.Errorf("request price takes a string or a number: %+v", p)
	}

	if p := prop("VendorPatch", "rating"); len(p.AnyOf) != 2 || *p.AnyOf[1].Value.Max != 5 {
		t.Errorf("patch rating: %+v", p)
	}

	if p := prop("ProductResponse", "price"); p.Pattern != moneyOutPattern {
		t.Errorf("response price pattern %q", p.Pattern)
	}

	for _, s := range []string{"ProductRequest", "CategoryPatch", "VendorResponse"} {
		if s == "VendorResponse" {
			if p := prop(s, "id"); p.Format != "int64" {
				t.Errorf("%s.id format %q", s, p.Format)
			}

			continue
		}

		if p := prop(s, "slug"); p.Pattern != slugPattern {
			t.Errorf("%s.slug pattern %q", s, p.Pattern)
		}
	}

	if p := prop("VendorPatch", "address"); !p.Nullable || !p.Type.Is(openapi3.TypeObject) {
		t.Errorf("patch address: nullable %v, type %v", p.Nullable, p.Type)
	}
}
