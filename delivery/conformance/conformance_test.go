package conformance

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const productBody = `{"id":1,"name":"Silla","slug":"silla","description":"","price":"29.99",` +
	`"stock":1,"status":"active","category_id":1,"vendor_id":1,"images":[],"tags":[],` +
	`"created_at":"2026-12-03T18:15:00Z","updated_at":"2026-12-03T18:15:00Z"}`

const problemBody = `{"type":"urn:gamarriando:problem:validation-failed","title":"Validation ` +
	`failed","status":422,"detail":"name: is required","instance":"/api/v1/products",` +
	`"request_id":"r1","errors":[{"field":"name","message":"is required"}]}`

// answer is a handler that ignores the request and sends a fixed response: the
// checker, not a server, is under test here.
func answer(status int, contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}

		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

func TestExchangeFindsMismatches(t *testing.T) {
	const productJSON = "application/json; charset=utf-8"
	validCreate := `{"name":"Silla","price":"29.99","category_id":1,"vendor_id":1}`

	tests := []struct {
		name    string
		method  string
		path    string
		body    string
		handler http.Handler
		want    string // "" when the exchange conforms
	}{
		{"conforming get", "GET", "/api/v1/products/1", "",
			answer(200, productJSON, productBody), ""},
		{"conforming validation problem", "POST", "/api/v1/products", `{"price":"1.00"}`,
			answer(422, "application/problem+json", problemBody), ""},
		{"undocumented status", "GET", "/api/v1/products/1", "",
			answer(418, productJSON, productBody), "status is not supported"},
		{"body missing a required field", "GET", "/api/v1/products/1", "",
			answer(200, productJSON, strings.Replace(productBody, `"slug":"silla",`, "", 1)),
			"slug"},
		{"price that is not two decimals", "GET", "/api/v1/products/1", "",
			answer(200, productJSON, strings.Replace(productBody, `"29.99"`, `"29.9"`, 1)),
			"price"},
		{"error sent as plain JSON", "POST", "/api/v1/products", `{"price":"1.00"}`,
			answer(422, productJSON, problemBody), "does not match"},
		{"server laxer than the spec", "POST", "/api/v1/products", `{"price":"1.00"}`,
			answer(201, productJSON, productBody), "the spec rejects this request"},
		{"unknown path answered 200", "GET", "/api/v2/things", "",
			answer(200, productJSON, "{}"), "must be 404"},
		{"wrong method answered 404", "POST", "/api/v1/products/1", validCreate,
			answer(404, "application/problem+json", problemBody), "must be 405"},
		{"utility path", "GET", "/swagger/index.html", "", answer(200, "text/html", "<html>"),
			""},
	}

	c := New(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}

			_, problems := c.exchange(req, Recorder(tt.handler))
			got := strings.Join(problems, "\n")
			switch {
			case tt.want == "" && got != "":
				t.Fatalf("want no problem, got:\n%s", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Fatalf("want a problem mentioning %q, got:\n%s", tt.want, got)
			}
		})
	}
}

// The response reaches the caller whole, body included, after the checker read it.
func TestExchangeKeepsTheResponse(t *testing.T) {
	c := New(t)
	req := httptest.NewRequest("GET", "/api/v1/products/1", nil)
	resp, _ := c.exchange(req, Recorder(answer(200, "application/json", productBody)))

	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	if string(got) != productBody {
		t.Fatalf("body changed: %q", got)
	}
}
