package lambdaapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi/lambdatest"
)

// step is one request of the event tests: an operation of the contract, sent as a
// real-shaped event, and what its reply must be.
type step struct {
	op     string // the operation's name, as in httpapi.Operations
	method string
	path   string // may use %[1]d (category), %[2]d (vendor), %[3]d (product)
	body   string
	base64 bool
	status int
	// problem says the reply is problem+json; otherwise a 2xx with a body is JSON.
	problem bool
	check   func(t *testing.T, body map[string]any)
	save    *int64 // keeps the reply's id
}

// TestEveryOperationThroughEveryEventSource sends each of the fifteen operations as an
// event of each source through the adapter to the real router and PostgreSQL, and
// checks the reply as the gateway reads it: status, headers, body, base64 flag.
func TestEveryOperationThroughEveryEventSource(t *testing.T) {
	sources := []struct {
		name     string
		src      lambdaapi.Source
		basePath string // the adapter's
		opts     lambdatest.Options
	}{
		// A REST API behind a custom domain whose base path mapping is "prod": the
		// path arrives as /prod/api/v1/..., and "/prod" must not eat "/products".
		{"rest-api", lambdaapi.RESTAPI, "/prod", lambdatest.Options{BasePath: "/prod"}},
		// An HTTP API's named stage arrives as the first segment of rawPath.
		{"http-api", lambdaapi.HTTPAPI, "", lambdatest.Options{Stage: "prod"}},
		{"function-url", lambdaapi.FunctionURL, "", lambdatest.Options{}},
		{"alb", lambdaapi.ALB, "", lambdatest.Options{MultiValue: true}},
	}
	for _, s := range sources {
		t.Run(s.name, func(t *testing.T) {
			h := newRouterHandler(t, s.src, s.basePath)
			s.opts = withAdmin(s.src, s.opts)
			var cat, ven, prod int64
			for i, st := range operationSteps(&cat, &ven, &prod) {
				name := fmt.Sprintf("%02d_%s_%s", i, st.op, st.method)
				ok := t.Run(name, func(t *testing.T) {
					runStep(t, h, s.src, s.opts, st, cat, ven, prod)
				})
				if !ok {
					t.FailNow() // later steps depend on this one
				}
			}
		})
	}
}

func operationSteps(cat, ven, prod *int64) []step {
	cats, cat1 := "/api/v1/categories", "/api/v1/categories/%[1]d"
	vens, ven1 := "/api/v1/vendors", "/api/v1/vendors/%[2]d"
	prods, prod1 := "/api/v1/products", "/api/v1/products/%[3]d"

	return []step{
		{op: "categories_create", method: "POST", path: cats, base64: true,
			body: `{"name":"Hogar y Jardín"}`, status: 201, save: cat,
			check: want("slug", "hogar-y-jardin")},
		{op: "categories_list", method: "GET", path: cats + "?is_active=true", status: 200,
			check: wantLen(1)},
		{op: "categories_get", method: "GET", path: cat1, status: 200,
			check: want("name", "Hogar y Jardín")},
		{op: "categories_update", method: "PUT", path: cat1, status: 200,
			body: `{"name":"Hogar","slug":"hogar"}`, check: want("slug", "hogar")},
		{op: "categories_update", method: "PATCH", path: cat1, status: 200,
			body: `{"sort_order":3}`, check: want("sort_order", float64(3))},

		{op: "vendors_create", method: "POST", path: vens, status: 201, save: ven,
			body:  `{"name":"Acme","email":"Ventas@Acme.PE","rating":"4.50"}`,
			check: want("email", "ventas@acme.pe")},
		{op: "vendors_list", method: "GET", path: vens + "?min_rating=4", status: 200,
			check: wantLen(1)},
		{op: "vendors_get", method: "GET", path: ven1, status: 200, check: want("name", "Acme")},
		{op: "vendors_update", method: "PUT", path: ven1, status: 200,
			body: `{"name":"Acme SAC","email":"acme@acme.pe"}`, check: want("name", "Acme SAC")},
		{op: "vendors_update", method: "PATCH", path: ven1, status: 200,
			body: `{"phone":"+51 1 555 0100"}`, check: want("phone", "+51 1 555 0100")},

		{op: "products_create", method: "POST", path: prods, status: 201, save: prod,
			base64: true,
			body: `{"name":"Silla Nórdica","price":"29.99","status":"active",` +
				`"category_id":%[1]d,"vendor_id":%[2]d,"tags":["a","b"]}`,
			check: want("price", "29.99")},
		{op: "products_create", method: "POST", path: prods, status: 422, problem: true,
			body: `{"name":"Typo","prise":"1.00"}`, check: wantField("prise")},
		{op: "products_list", method: "GET", path: prods + "?tag=a&tag=b", status: 200,
			check: wantLen(1)},
		// All tags must match: had the adapter passed only the last value, this would
		// find the product.
		{op: "products_list", method: "GET", path: prods + "?tag=zzz&tag=a", status: 200,
			check: wantLen(0)},
		{op: "products_list", method: "GET", path: prods + "?sort=bogus", status: 400,
			problem: true},
		{op: "products_get", method: "GET", path: prod1, status: 200,
			check: want("name", "Silla Nórdica")},
		{op: "products_get", method: "GET", path: prods + "/abc", status: 400, problem: true},
		{op: "products_update", method: "PUT", path: prod1, status: 200,
			body: `{"name":"Silla","price":"31.00","status":"active",` +
				`"category_id":%[1]d,"vendor_id":%[2]d}`, check: want("price", "31.00")},
		{op: "products_update", method: "PATCH", path: prod1, status: 200,
			body: `{"stock":0}`, check: want("stock", float64(0))},

		{op: "categories_delete", method: "DELETE", path: cat1, status: 409, problem: true},
		{op: "products_delete", method: "DELETE", path: prod1, status: 204},
		{op: "products_get", method: "GET", path: prod1, status: 404, problem: true},
		{op: "categories_delete", method: "DELETE", path: cat1, status: 204},
		{op: "vendors_delete", method: "DELETE", path: ven1, status: 204},
	}
}

func runStep(t *testing.T, h *lambdaapi.Handler, src lambdaapi.Source,
	opts lambdatest.Options, st step, cat, ven, prod int64) {
	t.Helper()

	path, body := fill(st.path, cat, ven, prod), fill(st.body, cat, ven, prod)
	req := httptest.NewRequest(st.method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}

	opts.Route = operationPath(t, st.op, st.method)
	opts.Base64 = st.base64
	opts.RequestID = "gw-" + strings.ReplaceAll(st.op, "_", "-")
	c := lambdatest.Client{Invoker: h, Source: src, Options: opts,
		LambdaRequestID: "0f4e1c2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"}
	_, resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", st.method, path, err)
	}

	if resp.StatusCode != st.status {
		t.Fatalf("%s %s: status %d, want %d: %s", st.method, path, resp.StatusCode,
			st.status, resp.Body)
	}
	if resp.IsBase64Encoded {
		t.Errorf("JSON reply sent base64-encoded")
	}
	wantID := opts.RequestID
	if src == lambdaapi.ALB {
		wantID = c.LambdaRequestID // an ALB has no request id of its own
	}
	if got := resp.Header.Get("X-Request-Id"); got != wantID {
		t.Errorf("X-Request-Id %q, want %q", got, wantID)
	}
	if src == lambdaapi.ALB && resp.StatusDescription != fmt.Sprintf("%d %s",
		resp.StatusCode, http.StatusText(resp.StatusCode)) {
		t.Errorf("ALB statusDescription %q", resp.StatusDescription)
	}
	checkReplyBody(t, st, resp)
}

func checkReplyBody(t *testing.T, st step, resp lambdatest.Response) {
	t.Helper()

	ct := resp.Header.Get("Content-Type")
	switch {
	case st.status == http.StatusNoContent:
		if len(resp.Body) != 0 {
			t.Errorf("204 with body %q", resp.Body)
		}
		return
	case st.problem:
		if ct != "application/problem+json" {
			t.Errorf("Content-Type %q, want application/problem+json", ct)
		}
	default:
		if !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q, want JSON", ct)
		}
	}

	var doc map[string]any
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		t.Fatalf("body %q: %v", resp.Body, err)
	}
	if st.problem && (doc["status"] != float64(st.status) || doc["type"] == nil) {
		t.Errorf("problem %v: status or type missing", doc)
	}
	if st.status == http.StatusCreated {
		if resp.Header.Get("Location") == "" || resp.Header.Get("ETag") == "" {
			t.Errorf("201 without Location or ETag: %v", resp.Header)
		}
	}
	if st.check != nil {
		st.check(t, doc)
	}
	if st.save != nil {
		id, _ := doc["id"].(float64)
		*st.save = int64(id)
	}
}

// TestGatewayWritesWithoutClaimsFailClosed checks the wiring of the Lambda path: behind
// API Gateway a write that no authorizer verified is a 401, even with a token in the
// header, which the gateway path never reads.
func TestGatewayWritesWithoutClaimsFailClosed(t *testing.T) {
	h := newRouterHandler(t, lambdaapi.HTTPAPI, "")

	for _, bearer := range []string{"", "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ."} {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/categories",
			strings.NewReader(`{"name":"Nope"}`))
		req.Header.Set("Content-Type", "application/json")
		if bearer != "" {
			req.Header.Set("Authorization", bearer)
		}

		c := lambdatest.Client{Invoker: h, Source: lambdaapi.HTTPAPI}
		_, resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusUnauthorized ||
			resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("bearer %q: %d %s, want a 401 problem", bearer, resp.StatusCode,
				resp.Header.Get("Content-Type"))
		}
	}
}

// fill puts the saved ids into a step's path or body.
func fill(s string, cat, ven, prod int64) string {
	if !strings.Contains(s, "%[") {
		return s
	}

	return fmt.Sprintf(s, cat, ven, prod)
}

// operationPath is the API Gateway route of the operation, from the router's table.
func operationPath(t *testing.T, name, method string) string {
	t.Helper()

	for _, op := range httpapi.Operations {
		for _, m := range op.Methods {
			if op.Name == name && m == method {
				return op.Path
			}
		}
	}
	t.Fatalf("no operation %s %s", name, method)

	return ""
}

func want(field string, value any) func(*testing.T, map[string]any) {
	return func(t *testing.T, doc map[string]any) {
		t.Helper()
		if doc[field] != value {
			t.Errorf("%s = %#v, want %#v", field, doc[field], value)
		}
	}
}

func wantLen(n int) func(*testing.T, map[string]any) {
	return func(t *testing.T, doc map[string]any) {
		t.Helper()
		data, _ := doc["data"].([]any)
		if len(data) != n {
			t.Errorf("%d items, want %d: %v", len(data), n, doc)
		}
	}
}

func wantField(field string) func(*testing.T, map[string]any) {
	return func(t *testing.T, doc map[string]any) {
		t.Helper()
		errs, _ := doc["errors"].([]any)
		for _, e := range errs {
			if m, _ := e.(map[string]any); m["field"] == field {
				return
			}
		}
		t.Errorf("problem does not name field %q: %v", field, doc)
	}
}
