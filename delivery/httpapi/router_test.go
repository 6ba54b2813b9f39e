package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gamarriando/product-service/delivery/auth"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// stubServices answers every use-case call with err, or panics when told to. It stands
// in for the use cases only where a test is about the HTTP layer itself; everything
// that touches data runs against PostgreSQL in the contract tests.
type stubServices struct {
	err      error
	panicMsg string
	calls    int
}

func (s *stubServices) answer() error {
	s.calls++
	if s.panicMsg != "" {
		panic(s.panicMsg)
	}

	return s.err
}

type stubProducts struct{ *stubServices }

func (s stubProducts) CreateIdempotent(context.Context, usecase.ProductInput,
	usecase.IdempotencyKey, usecase.Render[domain.Product]) (usecase.StoredResponse, bool,
	error) {
	return usecase.StoredResponse{}, false, s.answer()
}

func (s stubProducts) Get(context.Context, int64) (domain.Product, error) {
	return domain.Product{}, s.answer()
}

func (s stubProducts) Replace(context.Context, int64, usecase.ProductInput,
	usecase.WriteOptions) (domain.Product, error) {
	return domain.Product{}, s.answer()
}

func (s stubProducts) Delete(context.Context, int64, usecase.WriteOptions) error {
	return s.answer()
}

func (s stubProducts) List(context.Context,
	usecase.ProductListParams) (usecase.Page[domain.Product], error) {
	return usecase.Page[domain.Product]{}, s.answer()
}

func newStubRouter(t *testing.T, s *stubServices, logs *bytes.Buffer,
	ready func(context.Context) error) http.Handler {
	t.Helper()

	svc := usecase.NewServices(nil) // categories and vendors are never called here
	return NewRouter(Config{
		Products:      stubProducts{s},
		Categories:    svc.Categories,
		Vendors:       svc.Vendors,
		Logger:        slog.New(slog.NewJSONHandler(logs, nil)),
		Ready:         ready,
		Authenticator: auth.Development{},
	})
}

func serve(h http.Handler, method, path, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	return rec
}

func TestOperationsTable(t *testing.T) {
	want := []string{}
	for _, res := range []string{"products", "categories", "vendors"} {
		for _, op := range []string{"list", "create", "get", "update", "delete"} {
			want = append(want, res+"_"+op)
		}
	}

	var names []string
	for _, op := range Operations {
		names = append(names, op.Name)
	}

	if !slices.Equal(names, want) {
		t.Fatalf("operations %v, want %v", names, want)
	}

	e := NewRouter(Config{})
	registered := map[string]bool{}
	for _, r := range e.Routes() {
		registered[r.Method+" "+r.Path] = true
	}

	for _, op := range Operations {
		for _, m := range op.Methods {
			if !registered[m+" "+op.GinPath()] {
				t.Errorf("%s: %s %s is not routed", op.Name, m, op.GinPath())
			}
		}
	}

	// 15 operations over 18 methods, health, ready, swagger, openapi.json (no /metrics:
	// this Config has no MetricsHandler).
	if len(registered) != 18+4 {
		t.Errorf("%d routes registered, want 22: %v", len(registered), registered)
	}

	if !e.ContextWithFallback {
		t.Error("ContextWithFallback must be on so request deadlines reach queries")
	}
}

func TestRecoveryKeepsServingAndHidesThePanic(t *testing.T) {
	var logs bytes.Buffer
	s := &stubServices{panicMsg: "boom at the repository"}
	h := newStubRouter(t, s, &logs, nil)

	for range 2 { // the second request proves the process lives on
		rec := serve(h, http.MethodGet, "/api/v1/products/1", "")
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("status %d", rec.Code)
		}

		p := decodeProblem(t, rec)
		checkProblemShape(t, rec, p, 500)
		if p.Detail != detailInternal || strings.Contains(rec.Body.String(), "boom") {
			t.Fatalf("the panic reached the client: %s", rec.Body.String())
		}
	}

	if n := strings.Count(logs.String(), "panic recovered"); n != 2 {
		t.Fatalf("logged %d panics, want one per request: %s", n, logs.String())
	}

	if strings.Contains(logs.String(), "goroutine ") || strings.Contains(logs.String(), ".go:") {
		t.Fatalf("a stack trace reached the log: %s", logs.String())
	}
}

func TestRequestID(t *testing.T) {
	var logs bytes.Buffer
	h := newStubRouter(t, &stubServices{}, &logs, nil)

	tests := []struct {
		name, in string
		kept     bool
	}{
		{"kept", "abc-123_x.y:z=", true},
		{"generated", "", false},
		{"too long", strings.Repeat("a", 129), false},
		{"unsafe characters", "abc\"<script>", false},
		{"spaces", "a b", false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(h, http.MethodGet, "/health", "", RequestIDHeader, tt.in)
			got := rec.Header().Get(RequestIDHeader)
			if tt.kept != (got == tt.in) || got == "" || !validRequestID(got) {
				t.Fatalf("request id %q for %q", got, tt.in)
			}
		})
	}
}

func TestAccessLogLine(t *testing.T) {
	var logs bytes.Buffer
	h := newStubRouter(t, &stubServices{err: &domain.NotFoundError{
		Resource: domain.ResourceProduct, ID: 7}}, &logs, nil)

	rec := serve(h, http.MethodGet, "/api/v1/products/7?token=canary-query", "",
		"Authorization", "Bearer canary-token", RequestIDHeader, "req-1")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d", rec.Code)
	}

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one log line, got %d: %s", len(lines), logs.String())
	}

	var line map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
		t.Fatal(err)
	}

	want := map[string]any{"msg": "request", "method": "GET", "route": "/api/v1/products/:id",
		"status": float64(404), "request_id": "req-1"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v", k, line[k], v)
		}
	}

	if _, ok := line["duration"]; !ok {
		t.Error("no duration")
	}

	if strings.Contains(logs.String(), "canary") {
		t.Errorf("a secret reached the log: %s", logs.String())
	}
}

func TestNoRouteAndNoMethod(t *testing.T) {
	var logs bytes.Buffer
	h := newStubRouter(t, &stubServices{}, &logs, nil)

	tests := []struct {
		method, path string
		status       int
		allow        []string
	}{
		{http.MethodGet, "/nowhere", 404, nil},
		{http.MethodGet, "/api/v1/products/", 404, nil},
		{http.MethodDelete, "/api/v1/products", 405, []string{"GET", "POST"}},
		{http.MethodPost, "/api/v1/vendors/3", 405, []string{"GET", "PUT", "PATCH", "DELETE"}},
		{http.MethodPut, "/health", 405, []string{"GET"}},
	}

	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := serve(h, tt.method, tt.path, "")
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}

			checkProblemShape(t, rec, decodeProblem(t, rec), tt.status)

			allow := strings.Split(rec.Header().Get("Allow"), ", ")
			slices.Sort(allow)
			slices.Sort(tt.allow)
			if tt.allow != nil && !slices.Equal(allow, tt.allow) {
				t.Fatalf("Allow %v, want %v", allow, tt.allow)
			}
		})
	}
}

func TestHealthAndReady(t *testing.T) {
	var logs bytes.Buffer
	down := errors.New("dial tcp 10.1.2.3:5432: connect: connection refused user=app")

	var deadline time.Duration
	hung := func(ctx context.Context) error {
		d, _ := ctx.Deadline()
		deadline = time.Until(d)
		<-ctx.Done()

		return fmt.Errorf("ping: %w", ctx.Err())
	}

	tests := []struct {
		name   string
		ready  func(context.Context) error
		path   string
		status int
		body   string
	}{
		{"health", func(context.Context) error { return down }, "/health", 200, `"ok"`},
		{"ready", func(context.Context) error { return nil }, "/ready", 200, `"ready"`},
		{"not ready", func(context.Context) error { return down }, "/ready", 503, "database"},
		{"hung", hung, "/ready", 503, "database"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(newStubRouter(t, &stubServices{}, &logs, tt.ready), "GET", tt.path, "")
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}

			if tt.status == 503 {
				checkProblemShape(t, rec, decodeProblem(t, rec), 503)
				if rec.Header().Get("Retry-After") == "" {
					t.Error("no Retry-After")
				}
			}

			if strings.Contains(rec.Body.String()+logs.String(), "10.1.2.3") {
				t.Errorf("the cause leaked: %s %s", rec.Body.String(), logs.String())
			}
		})
	}

	if deadline <= 0 || deadline > readyTimeout {
		t.Fatalf("readiness deadline %v, want at most %v", deadline, readyTimeout)
	}
}

func TestBodyLimitsBeforeTheUseCase(t *testing.T) {
	var logs bytes.Buffer
	s := &stubServices{}
	h := newStubRouter(t, s, &logs, nil)

	big := `{"name":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	tests := []struct {
		name, method, path, body, ctype string
		status                          int
	}{
		{"too large", "POST", "/api/v1/products", big, "application/json", 413},
		{"not json", "POST", "/api/v1/products", `{}`, "text/plain", 415},
		{"no content type", "POST", "/api/v1/products", `{}`, "", 415},
		{"merge patch on POST", "POST", "/api/v1/products", `{}`,
			"application/merge-patch+json", 415},
		{"xml on PATCH", "PATCH", "/api/v1/products/1", `{}`, "application/xml", 415},
		{"bad id", "PUT", "/api/v1/products/abc", `{}`, "application/json", 400},
		{"zero id", "GET", "/api/v1/products/0", ``, "", 400},
		{"negative id", "DELETE", "/api/v1/products/-1", ``, "", 400},
		{"id overflow", "GET", "/api/v1/products/99999999999999999999", ``, "", 400},
		{"bad If-Match", "DELETE", "/api/v1/products/1", ``, "", 400},
		{"weak If-Match", "PUT", "/api/v1/products/1", `{"name":"x"}`, "application/json",
			412},
		{"unknown parameter", "GET", "/api/v1/products?colour=red", ``, "", 400},
		{"repeated parameter", "GET", "/api/v1/products?page=1&page=2", ``, "", 400},
		{"wrong type", "GET", "/api/v1/products?in_stock=maybe", ``, "", 400},
		{"explicit zero page size", "GET", "/api/v1/products?page_size=0", ``, "", 400},
		{"nul in parameter", "GET", "/api/v1/products?q=a%00b", ``, "", 400},
		{"bad utf-8 in parameter", "GET", "/api/v1/products?q=%ff", ``, "", 400},
		{"bad escape", "GET", "/api/v1/products?q=%zz", ``, "", 400},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{"Content-Type", tt.ctype}
			if tt.name == "bad If-Match" {
				headers = append(headers, "If-Match", "v1")
			}

			if tt.name == "weak If-Match" {
				headers = append(headers, "If-Match", `W/"v1"`)
			}

			before := s.calls
			rec := serve(h, tt.method, tt.path, tt.body, headers...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}

			checkProblemShape(t, rec, decodeProblem(t, rec), tt.status)
			if s.calls != before {
				t.Fatal("the use case was called")
			}
		})
	}
}

func TestSwaggerUI(t *testing.T) {
	var logs bytes.Buffer
	h := newStubRouter(t, &stubServices{}, &logs, nil)

	rec := serve(h, http.MethodGet, "/swagger/index.html", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "swagger") {
		t.Fatalf("index: %d", rec.Code)
	}

	rec = serve(h, http.MethodGet, "/swagger/doc.json", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"products_list"`) {
		t.Fatalf("doc.json: %d %.200s", rec.Code, rec.Body.String())
	}
}
