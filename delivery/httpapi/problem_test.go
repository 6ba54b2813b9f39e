package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/gamarriando/product-service/domain"
)

// leakPattern is what no response body may ever contain (RELIABILITY.md, ERR-1).
var leakPattern = regexp.MustCompile(`(?i)SQLSTATE|ERROR:|pgx|pgconn|gorm|pq:|` +
	`postgres(ql)?://|password|goroutine |\.go:\d+|panic|runtime\.|sslmode|user=|` +
	`database=|SELECT |INSERT |UPDATE |constraint|violates`)

func TestProblemFor(t *testing.T) {
	sqlish := errors.New(`ERROR: duplicate key value violates unique constraint ` +
		`"products_slug_key" (SQLSTATE 23505) postgres://app:secret@db:5432/catalog`)

	tests := []struct {
		name       string
		err        error
		status     int
		typ        string
		fields     []string
		detail     string // substring
		unexpected bool
		header     map[string]string
	}{
		{name: "validation lists every field",
			err: fmt.Errorf("create product: %w", &domain.ValidationError{
				Fields: []domain.FieldError{{Field: "name", Message: "is required"},
					{Field: "price", Message: "bad"}}}),
			status: 422, typ: "validation-failed", fields: []string{"name", "price"}},
		{name: "parameter", err: &domain.ParameterError{Name: "page_size", Message: "too big"},
			status: 400, typ: "invalid-parameter", fields: []string{"page_size"}},
		{name: "not found", err: fmt.Errorf("get: %w",
			&domain.NotFoundError{Resource: domain.ResourceProduct, ID: 9}),
			status: 404, typ: "not-found", detail: "product 9"},
		{name: "conflict names the field", err: &domain.ConflictError{
			Resource: domain.ResourceVendor, Field: "email", Message: "is already taken"},
			status: 409, typ: "conflict", fields: []string{"email"}, detail: "email"},
		{name: "blocked delete says what blocks it", err: &domain.BlockedDeleteError{
			Resource: domain.ResourceCategory, ID: 3,
			Blockers: []string{"2 products", "1 child category"}},
			status: 409, typ: "delete-blocked", detail: "2 products and 1 child category"},
		{name: "precondition", err: &domain.PreconditionError{
			Resource: domain.ResourceProduct, ID: 1, Current: 4},
			status: 412, typ: "precondition-failed", header: map[string]string{"ETag": `"v4"`}},
		{name: "bare precondition sentinel", err: domain.ErrPreconditionFailed,
			status: 412, typ: "precondition-failed"},
		{name: "unavailable", err: fmt.Errorf("list: %w", domain.ErrUnavailable),
			status: 503, typ: "unavailable", header: map[string]string{"Retry-After": "1"}},
		{name: "deadline", err: fmt.Errorf("q: %w", context.DeadlineExceeded),
			status: 503, typ: "unavailable", detail: detailUnavailable},
		{name: "request error", err: newRequestError(kindTooLarge, "too big"),
			status: 413, typ: "payload-too-large"},
		{name: "unexpected is generic", err: sqlish, status: 500, typ: "internal",
			detail: detailInternal, unexpected: true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			rec := runFail(t, tt.err, &logs)

			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}

			p := decodeProblem(t, rec)
			checkProblemShape(t, rec, p, tt.status)

			if p.Type != problemTypeBase+tt.typ {
				t.Errorf("type %q, want %q", p.Type, problemTypeBase+tt.typ)
			}

			if !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, tt.detail)
			}

			var fields []string
			for _, f := range p.Errors {
				fields = append(fields, f.Field)
			}

			if strings.Join(fields, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %v, want %v", fields, tt.fields)
			}

			for k, v := range tt.header {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}

			logged := strings.Count(logs.String(), "request failed")
			if tt.unexpected != (logged == 1) {
				t.Errorf("logged %d times, want unexpected=%v: %s", logged, tt.unexpected,
					logs.String())
			}
		})
	}
}

func runFail(t *testing.T, err error, logs *bytes.Buffer) *httptest.ResponseRecorder {
	t.Helper()

	logger := slog.New(slog.NewJSONHandler(logs, nil))
	e := gin.New()
	e.Use(requestIDMiddleware(logger))
	e.GET("/x", func(c *gin.Context) { fail(c, err) })

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))

	return rec
}

func decodeProblem(t *testing.T, rec *httptest.ResponseRecorder) Problem {
	t.Helper()

	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("body is not a problem: %v: %s", err, rec.Body.String())
	}

	return p
}

// checkProblemShape asserts what every error response has in common.
func checkProblemShape(t *testing.T, rec *httptest.ResponseRecorder, p Problem, status int) {
	t.Helper()

	if ct := rec.Header().Get("Content-Type"); ct != ProblemContentType {
		t.Errorf("content type %q", ct)
	}

	if p.Status != status || p.Title == "" || p.Type == "" || p.RequestID == "" ||
		p.Instance == "" {
		t.Errorf("incomplete problem: %+v", p)
	}

	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("errors must not be cached: %q", rec.Header().Get("Cache-Control"))
	}

	if leakPattern.MatchString(rec.Body.String()) {
		t.Errorf("body leaks internals: %s", rec.Body.String())
	}
}
