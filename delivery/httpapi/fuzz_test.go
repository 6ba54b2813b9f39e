package httpapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gamarriando/product-service/domain"
)

// FuzzDecodeJSON: the strict decoder never panics, refuses with a 400, 413 or 422
// request error only, and accepts nothing the standard library or RFC 8259 would not:
// valid JSON, valid UTF-8, no NUL.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"name":"Chair","price":"12.50","category_id":1,"vendor_id":1}`,
		`{"name":"a","name":"b"}`, `{"NAME":"a"}`, `{"price":1e400}`, `{"stock":2147483648}`,
		`{"name":"\u0000"}`, `{"name":"\ud800"}`, "{\"name\":\"\xff\"}", `{} {}`, `[]`, ``,
		`{"tags":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
		`{"prise":"1"}`, `{"id":7}`, `{"images":["http://x"],"tags":["A","a"]}`} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		var req ProductRequest
		err := decodeJSON(data, &req, readOnlyFields)
		if err == nil {
			if !json.Valid(data) || !utf8.Valid(data) || strings.Contains(string(data),
				`\u0000`) {
				t.Errorf("accepted %q", data)
			}

			return
		}

		var re *requestError
		if !errors.As(err, &re) {
			t.Fatalf("error of type %T for %q: %v", err, data, err)
		}

		if s := re.kind.status; s != 400 && s != 413 && s != 422 {
			t.Errorf("status %d for %q", s, data)
		}
	})
}

// FuzzListParams: any query string reads into parameters or a 400 that names what is
// wrong; nothing panics, and every error is one the handler maps to 400.
func FuzzListParams(f *testing.F) {
	for _, s := range []string{"", "page=2&page_size=50", "page_size=abc", "sort=-price",
		"sort=name%3B%20DROP%20TABLE%20products", "tag=a&tag=b", "q=%00", "q=%eb", "%zz",
		"category_id=-1", "in_stock=yes", "page=1&page=2", "x=1", "cursor=%ff%fe",
		"include_subcategories=true", "parent_id=0", "min_rating=5.001"} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, raw string) {
		for name, parse := range map[string]func(string) error{
			"products":   func(s string) error { _, err := productListParams(s); return err },
			"categories": func(s string) error { _, err := categoryListParams(s); return err },
			"vendors":    func(s string) error { _, err := vendorListParams(s); return err },
		} {
			err := parse(raw)
			if err == nil {
				continue
			}

			p, unexpected := problemFor(err)
			if unexpected || p.Status != 400 {
				t.Errorf("%s ?%q: status %d (unexpected %t): %v", name, raw, p.Status,
					unexpected, err)
			}

			if !errors.Is(err, domain.ErrBadParameter) && p.Type != problemTypeBase+
				kindParameter.slug {
				t.Errorf("%s ?%q: problem type %s", name, raw, p.Type)
			}
		}
	})
}
