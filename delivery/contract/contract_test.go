package contract

import (
	"net/url"
	"testing"
)

func TestLookup(t *testing.T) {
	doc := decodeJSON([]byte(`{"data":[{"id":4,"tags":["a"]}],"meta":{"next_cursor":null}}`))

	tests := []struct {
		path string
		ok   bool
		want string
	}{
		{"data.0.id", true, "4"},
		{"data.0.tags.0", true, "a"},
		{"meta.next_cursor", true, "<nil>"},
		{"data.1.id", false, ""},
		{"data.x", false, ""},
		{"meta.page", false, ""},
	}

	for _, tt := range tests {
		v, ok := lookup(doc, tt.path)
		if ok != tt.ok || (ok && fmtValue(v) != tt.want) {
			t.Errorf("lookup(%s) = %v, %v; want %s, %v", tt.path, v, ok, tt.want, tt.ok)
		}
	}
}

func fmtValue(v any) string {
	if v == nil {
		return "<nil>"
	}

	s, _ := (&Result{JSON: map[string]any{"v": v}}).value("v")

	return s
}

func TestExpand(t *testing.T) {
	vars := map[string]string{"id": "7", "cursor": "a+b/c="}

	got, err := expand("/p/${id}?cursor=${cursor}", vars, url.QueryEscape)
	if err != nil || got != "/p/7?cursor=a%2Bb%2Fc%3D" {
		t.Fatalf("expand = %q, %v", got, err)
	}

	if _, err := expand("${missing}", vars, nil); err == nil {
		t.Fatal("a missing value must be an error")
	}
}

// TestTableIsWellFormed keeps the table usable: unique case names (they are subtest
// names) and bodies without accidental duplicate keys from productWith.
func TestTableIsWellFormed(t *testing.T) {
	for _, g := range Groups() {
		seen := map[string]bool{}
		for _, c := range g.Cases {
			if seen[c.Name] {
				t.Errorf("%s: case name %q is used twice", g.Name, c.Name)
			}

			seen[c.Name] = true
			if c.Method == "" || c.Path == "" || c.Status == 0 {
				t.Errorf("%s/%s: method, path and status are required", g.Name, c.Name)
			}
		}
	}

	if got := productWith(`"price":"2.00"`); got != `{"name":"Prueba",`+
		`"category_id":${cat_sillas},"vendor_id":${ven_casa},"price":"2.00"}` {
		t.Errorf("productWith replaces a base field: %s", got)
	}
}
