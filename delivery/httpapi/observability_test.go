package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/delivery/metrics"
	"github.com/gamarriando/product-service/docs"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// observed is a router over SQLite whose access log goes to logs and whose metrics
// are the Prometheus recorder of the local server.
func observed(t *testing.T, logs *bytes.Buffer, ready func(context.Context) error) http.Handler {
	t.Helper()

	svc := usecase.NewServices(gormstore.New(dbtest.SQLite(t)))
	prom := metrics.NewPrometheus(nil)

	return httpapi.NewRouter(httpapi.Config{Products: svc.Products,
		Categories: svc.Categories, Vendors: svc.Vendors,
		Logger: slog.New(slog.NewJSONHandler(logs, nil)), Ready: ready,
		Authenticator: auth.Development{}, Metrics: prom, MetricsHandler: prom.Handler()})
}

func do(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	return rec
}

func TestMetricsEndpointCountsByRoute(t *testing.T) {
	var logs bytes.Buffer
	h := observed(t, &logs, nil)

	for _, path := range []string{"/api/v1/products", "/api/v1/products/1", "/api/v1/products/2",
		"/nowhere/7"} {
		do(h, httptest.NewRequest("GET", path, nil))
	}

	rec := do(h, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`catalog_http_requests_total{method="GET",route="/api/v1/products",status="200"} 1`,
		`catalog_http_requests_total{method="GET",route="/api/v1/products/:id",status="404"} 2`,
		`catalog_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`catalog_http_request_duration_seconds_count{method="GET",route="/api/v1/products"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in /metrics:\n%s", want, body)
		}
	}

	// Ids and unknown paths never become series of their own.
	if strings.Contains(body, "/api/v1/products/1") || strings.Contains(body, "nowhere") {
		t.Error("a URL reached a label")
	}
}

func TestNoMetricsEndpointWithoutHandler(t *testing.T) {
	rec := do(newEngine(dbtest.SQLite(t)), httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("/metrics without a handler: %d", rec.Code)
	}
}

// The Lambda entry point adds its function name and cold-start flag to the one line.
func TestAccessLogCarriesContextAttributes(t *testing.T) {
	var logs bytes.Buffer
	h := observed(t, &logs, nil)

	req := httptest.NewRequest("GET", "/api/v1/vendors?q=secret-query", nil)
	req = req.WithContext(httpapi.WithLogAttrs(req.Context(),
		slog.String("function_name", "catalog-vendors-list"), slog.Bool("cold_start", true)))
	req.Header.Set("Authorization", "Bearer secret-token")
	do(h, req)

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line per request, got %d:\n%s", len(lines), logs.String())
	}

	var line map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
		t.Fatal(err)
	}

	want := map[string]any{"msg": "request", "route": "/api/v1/vendors", "status": 200.0,
		"function_name": "catalog-vendors-list", "cold_start": true}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v", k, line[k], v)
		}
	}

	for _, k := range []string{"duration", "duration_ms", "request_id", "method"} {
		if _, ok := line[k]; !ok {
			t.Errorf("no %s in %v", k, line)
		}
	}

	if strings.Contains(logs.String(), "secret") {
		t.Errorf("a query or a token reached the log: %s", logs.String())
	}
}

func TestReadyNamesTheFailedDependency(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		field string
		text  string
	}{
		{"database down", errors.New("dial tcp db.internal:5432: refused"), "database",
			"unreachable"},
		{"draining", &httpapi.NotReadyError{Dependency: "instance",
			Reason: "draining for shutdown", Err: errors.New("shutting down")}, "instance",
			"draining for shutdown"},
		{"timeout", context.DeadlineExceeded, "database", "did not answer"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			h := observed(t, &logs, func(context.Context) error { return tt.err })
			rec := do(h, httptest.NewRequest("GET", "/ready", nil))

			var p httpapi.Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}

			if rec.Code != 503 || len(p.Errors) != 1 || p.Errors[0].Field != tt.field ||
				!strings.Contains(p.Errors[0].Message, tt.text) {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}

			if strings.Contains(rec.Body.String()+logs.String(), "db.internal") {
				t.Errorf("an internal name leaked: %s %s", rec.Body.String(), logs.String())
			}
		})
	}
}

func TestReadyReportsChecks(t *testing.T) {
	var logs bytes.Buffer
	rec := do(observed(t, &logs, func(context.Context) error { return nil }),
		httptest.NewRequest("GET", "/ready", nil))

	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"database":"ok"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
}

func TestDocumentsAndSwaggerUI(t *testing.T) {
	h := newEngine(dbtest.SQLite(t))

	tests := []struct {
		path, status, contentType, contains string
	}{
		{"/openapi.json", "200", "application/json", `"openapi": "3.0.3"`},
		{"/swagger/doc.json", "200", "application/json", `"swagger": "2.0"`},
		{"/swagger/index.html", "200", "text/html", "swagger-ui-bundle.js"},
		{"/swagger/catalog.js", "200", "javascript", `url: "/openapi.json"`},
		{"/swagger/swagger-ui-bundle.js", "200", "javascript", "SwaggerUIBundle"},
		{"/swagger/swagger-ui.css", "200", "text/css", ".swagger-ui"},
		{"/swagger/", "301", "", ""},
		{"/swagger/missing.js", "404", "application/problem+json", "not-found"},
		{"/swagger/../go.mod", "404", "application/problem+json", "not-found"},
	}

	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := do(h, httptest.NewRequest("GET", tt.path, nil))
			if got := rec.Result().Status[:3]; got != tt.status {
				t.Fatalf("status %s, want %s", got, tt.status)
			}

			if !strings.Contains(rec.Header().Get("Content-Type"), tt.contentType) ||
				!strings.Contains(rec.Body.String(), tt.contains) {
				t.Fatalf("%s: %.200s", rec.Header().Get("Content-Type"), rec.Body.String())
			}
		})
	}

	rec := do(h, httptest.NewRequest("GET", "/openapi.json", nil))
	if !bytes.Equal(rec.Body.Bytes(), docs.OpenAPI) {
		t.Error("/openapi.json is not the committed docs/openapi.json")
	}

	page := do(h, httptest.NewRequest("GET", "/swagger/index.html", nil))
	if csp := page.Header().Get("Content-Security-Policy"); !strings.Contains(csp,
		"default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("the page may load from elsewhere: CSP %q", csp)
	}

	if strings.Contains(page.Body.String(), "://") {
		t.Errorf("the page names an outside URL:\n%s", page.Body.String())
	}
}
