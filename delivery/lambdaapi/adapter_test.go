package lambdaapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi/lambdatest"
)

// echo is a handler that reports what reached it, so each test can see what the
// adapter made of an event.
type echoed struct {
	Method      string              `json:"method"`
	Path        string              `json:"path"`
	RawPath     string              `json:"raw_path"`
	Query       map[string][]string `json:"query"`
	RequestID   string              `json:"request_id"`
	IdemKey     string              `json:"idempotency_key"`
	ContentType string              `json:"content_type"`
	Body        string              `json:"body"`
	Deadline    time.Time           `json:"deadline"`
	Host        string              `json:"host"`
}

func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e := echoed{
		Method:      r.Method,
		Path:        r.URL.Path,
		RawPath:     r.URL.EscapedPath(),
		Query:       r.URL.Query(),
		RequestID:   r.Header.Get("X-Request-Id"),
		IdemKey:     r.Header.Get("Idempotency-Key"),
		ContentType: r.Header.Get("Content-Type"),
		Body:        string(body),
		Host:        r.Host,
	}
	e.Deadline, _ = r.Context().Deadline()

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Add("Vary", "Accept")
	w.Header().Add("Vary", "Authorization")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(e)
}

func newHandler(t *testing.T, src lambdaapi.Source, next http.Handler) *lambdaapi.Handler {
	t.Helper()

	h, err := lambdaapi.New(next, lambdaapi.Options{Source: src, BasePath: "/catalog"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	return h
}

func TestEveryEventSourceReachesTheRouter(t *testing.T) {
	const target = "/api/v1/products/42?tag=a&tag=b&q=caf%C3%A9+cr%C3%A8me"
	body := `{"name":"Café"}`

	tests := []struct {
		src  lambdaapi.Source
		opts lambdatest.Options
	}{
		{lambdaapi.RESTAPI, lambdatest.Options{Route: "/api/v1/products/{id}"}},
		{lambdaapi.RESTAPI, lambdatest.Options{BasePath: "/catalog"}},
		{lambdaapi.HTTPAPI, lambdatest.Options{Route: "/api/v1/products/{id}"}},
		{lambdaapi.HTTPAPI, lambdatest.Options{Stage: "prod"}},
		{lambdaapi.HTTPAPI, lambdatest.Options{BasePath: "catalog", Base64: true}},
		{lambdaapi.FunctionURL, lambdatest.Options{}},
		{lambdaapi.FunctionURL, lambdatest.Options{Base64: true}},
		{lambdaapi.ALB, lambdatest.Options{}},
		{lambdaapi.ALB, lambdatest.Options{MultiValue: true, Base64: true}},
	}
	for _, tt := range tests {
		name := string(tt.src) + "/" + optsName(tt.opts)
		t.Run(name, func(t *testing.T) {
			h := newHandler(t, tt.src, http.HandlerFunc(echo))
			req := httptest.NewRequest(http.MethodPatch, target, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/merge-patch+json")
			req.Header.Set("Idempotency-Key", "k1,k2")
			req.Header.Set("X-Request-Id", "spoofed-by-client")
			tt.opts.RequestID = "gw-req-1"

			c := lambdatest.Client{Invoker: h, Source: tt.src, Options: tt.opts}
			_, resp, err := c.Do(req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}

			if resp.StatusCode != http.StatusCreated || resp.IsBase64Encoded {
				t.Fatalf("status %d base64 %v, want 201 false: %s",
					resp.StatusCode, resp.IsBase64Encoded, resp.Body)
			}
			var got echoed
			if err := json.Unmarshal(resp.Body, &got); err != nil {
				t.Fatalf("body %q: %v", resp.Body, err)
			}

			wantID, wantTags, wantVary := "gw-req-1", "a,b", "Accept,Authorization"
			if tt.src == lambdaapi.ALB {
				wantID = got.RequestID // the Lambda request id, checked below
			}
			if tt.src == lambdaapi.ALB && !tt.opts.MultiValue {
				// Without multi-value headers an ALB passes only the last value of a
				// repeated parameter and reads one value per response header.
				wantTags, wantVary = "b", "Accept, Authorization"
			}
			checks := []struct {
				what      string
				got, want any
			}{
				{"method", got.Method, http.MethodPatch},
				{"path", got.Path, "/api/v1/products/42"},
				{"tags", strings.Join(got.Query["tag"], ","), wantTags},
				{"q", strings.Join(got.Query["q"], ","), "café crème"},
				{"request id", got.RequestID, wantID},
				{"response request id", resp.Header.Get("X-Request-Id"), wantID},
				{"idempotency key", got.IdemKey, "k1,k2"},
				{"content type", got.ContentType, "application/merge-patch+json"},
				{"body", got.Body, body},
				{"has deadline", !got.Deadline.IsZero(), true},
				{"vary", strings.Join(resp.Header.Values("Vary"), ","), wantVary},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
			if got.RequestID == "" || got.RequestID == "spoofed-by-client" {
				t.Errorf("request id %q, want the gateway's or Lambda's", got.RequestID)
			}
			if tt.src == lambdaapi.ALB && resp.MultiValue != tt.opts.MultiValue {
				t.Errorf("ALB multiValueHeaders used = %v, want %v",
					resp.MultiValue, tt.opts.MultiValue)
			}
		})
	}
}

func optsName(o lambdatest.Options) string {
	var parts []string
	if o.Route != "" {
		parts = append(parts, "route")
	}
	if o.Stage != "" {
		parts = append(parts, "stage")
	}
	if o.BasePath != "" {
		parts = append(parts, "basepath")
	}
	if o.Base64 {
		parts = append(parts, "base64")
	}
	if o.MultiValue {
		parts = append(parts, "multivalue")
	}
	if len(parts) == 0 {
		return "plain"
	}

	return strings.Join(parts, "+")
}

func TestMismatchedEventIsAProblemInTheEventsOwnShape(t *testing.T) {
	for _, want := range lambdaapi.Sources {
		for _, got := range lambdaapi.Sources {
			if want == got {
				continue
			}
			t.Run(string(want)+"/got-"+string(got), func(t *testing.T) {
				routed := false
				h := newHandler(t, want, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
					routed = true
				}))
				req := httptest.NewRequest(http.MethodGet, "/api/v1/products", nil)

				// Decode the reply as the sender (got) reads it: a mismatch must still
				// be a valid response for whoever sent the event.
				c := lambdatest.Client{Invoker: h, Source: got}
				_, resp, err := c.Do(req)
				if err != nil {
					t.Fatalf("Do: %v", err)
				}

				if routed {
					t.Error("a mismatched event reached the router")
				}
				if resp.StatusCode != http.StatusInternalServerError {
					t.Errorf("status %d, want 500", resp.StatusCode)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("content type %q", ct)
				}
				var p struct {
					Title     string `json:"title"`
					Detail    string `json:"detail"`
					Status    int    `json:"status"`
					RequestID string `json:"request_id"`
				}
				if err := json.Unmarshal(resp.Body, &p); err != nil {
					t.Fatalf("problem %q: %v", resp.Body, err)
				}
				if !strings.Contains(p.Detail, "("+string(want)+")") ||
					!strings.Contains(p.Detail, "("+string(got)+")") || p.Status != 500 {
					t.Errorf("problem %+v does not name both sources", p)
				}
				if p.RequestID == "" {
					t.Error("problem without request id")
				}
			})
		}
	}
}

func TestFailuresAreProblemsNotFunctionErrors(t *testing.T) {
	panics := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	})
	silent := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	binary := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write([]byte{0xff, 0x00, 0xfe})
	})

	tests := []struct {
		name       string
		next       http.Handler
		payload    func(t *testing.T) []byte
		wantStatus int
		wantType   string
		wantBase64 bool
	}{
		{"panic", panics, eventFor(""), 500, "application/problem+json", false},
		{"nothing written", silent, eventFor(""), 200, "", false},
		{"binary body", binary, eventFor(""), 200, "application/octet-stream", true},
		{"bad base64 body", silent, badBase64, 400, "application/problem+json", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandler(t, lambdaapi.HTTPAPI, tt.next)

			out, err := h.Invoke(context.Background(), tt.payload(t))
			if err != nil {
				t.Fatalf("Invoke returned a function error: %v", err)
			}
			resp, err := lambdatest.DecodeResponse(lambdaapi.HTTPAPI, out)
			if err != nil {
				t.Fatal(err)
			}

			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, resp.Body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tt.wantType {
				t.Errorf("content type %q, want %q", ct, tt.wantType)
			}
			if resp.IsBase64Encoded != tt.wantBase64 {
				t.Errorf("isBase64Encoded %v, want %v", resp.IsBase64Encoded, tt.wantBase64)
			}
			if strings.Contains(string(resp.Body), "boom") {
				t.Errorf("panic value reached the client: %s", resp.Body)
			}
		})
	}
}

func eventFor(body string) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/api/v1/vendors", strings.NewReader(body))
		b, err := lambdatest.Event(lambdaapi.HTTPAPI, req, lambdatest.Options{})
		if err != nil {
			t.Fatal(err)
		}

		return b
	}
}

func badBase64(t *testing.T) []byte {
	var ev map[string]any
	if err := json.Unmarshal(eventFor("x")(t), &ev); err != nil {
		t.Fatal(err)
	}
	ev["body"], ev["isBase64Encoded"] = "%%% not base64", true
	b, _ := json.Marshal(ev)

	return b
}

func TestNonHTTPPayloadIsAFunctionError(t *testing.T) {
	h := newHandler(t, lambdaapi.HTTPAPI, http.HandlerFunc(echo))

	for _, payload := range []string{`{"command":"up"}`, `[1,2]`, `not json`} {
		_, err := h.Invoke(context.Background(), []byte(payload))
		if !errors.Is(err, lambdaapi.ErrUnknownEvent) {
			t.Errorf("%s: err %v, want ErrUnknownEvent", payload, err)
		}
	}
}

func TestDeadlineLeavesAMarginForTheProblemResponse(t *testing.T) {
	var got time.Time
	h, err := lambdaapi.New(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got, _ = r.Context().Deadline()
	}), lambdaapi.Options{Source: lambdaapi.RESTAPI, DeadlineMargin: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/categories", nil)
	payload, err := lambdatest.Event(lambdaapi.RESTAPI, req, lambdatest.Options{})
	if err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(5 * time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if _, err := h.Invoke(ctx, payload); err != nil {
		t.Fatal(err)
	}

	if want := deadline.Add(-time.Second); !got.Equal(want) {
		t.Errorf("request deadline %v, want %v", got, want)
	}
}

func TestAuthorizerClaimsReachTheRequestContext(t *testing.T) {
	type key struct{}
	claims := map[string]string{"sub": "u1", "cognito:groups": "[admin]"}

	for _, src := range []lambdaapi.Source{lambdaapi.RESTAPI, lambdaapi.HTTPAPI} {
		t.Run(string(src), func(t *testing.T) {
			var seen lambdaapi.Invocation
			record := func(ctx context.Context, inv lambdaapi.Invocation) context.Context {
				return context.WithValue(ctx, key{}, inv)
			}
			h, err := lambdaapi.New(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				seen, _ = r.Context().Value(key{}).(lambdaapi.Invocation)
			}), lambdaapi.Options{Source: src, RequestContext: record})
			if err != nil {
				t.Fatal(err)
			}

			c := lambdatest.Client{Invoker: h, Source: src,
				Options: lambdatest.Options{Claims: claims, RequestID: "gw-9"}}
			if _, _, err := c.Do(httptest.NewRequest(http.MethodDelete, "/x", nil)); err != nil {
				t.Fatal(err)
			}

			if !seen.Authorized || seen.Claims["cognito:groups"] != "[admin]" ||
				seen.GatewayRequestID != "gw-9" || seen.LambdaRequestID == "" {
				t.Errorf("invocation %+v", seen)
			}
		})
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := lambdaapi.New(http.NotFoundHandler(), lambdaapi.Options{}); err == nil {
		t.Error("no source accepted")
	}
	if _, err := lambdaapi.New(nil, lambdaapi.Options{Source: lambdaapi.ALB}); err == nil {
		t.Error("nil handler accepted")
	}
	if _, err := lambdaapi.ParseSource("apigw"); err == nil {
		t.Error("unknown source accepted")
	}
}
