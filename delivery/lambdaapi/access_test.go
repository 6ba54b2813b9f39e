package lambdaapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"gorm.io/gorm"

	"github.com/gamarriando/product-service/delivery/accesstest"
	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/auth/authtest"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi"
	"github.com/gamarriando/product-service/delivery/lambdaapi/lambdatest"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// hs256Secret signs the local path's tokens in these tests.
var hs256Secret = []byte("lambda-parity-test-secret-0123456789")

// localAccessEnv is the local server's path: the router verifying HS256 tokens itself,
// on a fresh schema.
func localAccessEnv(t *testing.T) accesstest.Env {
	t.Helper()

	db := dbtest.Postgres(t)
	verifier, err := auth.NewJWT(context.Background(), auth.JWTConfig{
		HS256Secret: string(hs256Secret), Issuer: authtest.Issuer, Audience: authtest.ClientID})
	if err != nil {
		t.Fatal(err)
	}

	h := accessRouter(db, verifier)

	return accesstest.Env{
		Do: func(req *http.Request, who accesstest.Identity) *http.Response {
			if who.Caller != accesstest.Anonymous {
				tok := authtest.SignHS256(t, hs256Secret, accesstest.TokenClaims(who))
				req.Header.Set("Authorization", "Bearer "+tok)
			}

			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			return rec.Result()
		},
		Snapshot: accesstest.Snapshot(db),
	}
}

// gatewayStack is the Lambda path as cmd/lambda wires it: the router trusting the
// claims API Gateway's authorizer put in the event, behind the adapter.
type gatewayStack struct {
	handler *lambdaapi.Handler
	src     lambdaapi.Source
	env     accesstest.Env
}

func newGatewayStack(t *testing.T, src lambdaapi.Source) *gatewayStack {
	t.Helper()

	db := dbtest.Postgres(t)
	h, err := lambdaapi.New(accessRouter(db, auth.Gateway{}), lambdaapi.Options{
		Source: src,
		RequestContext: func(ctx context.Context, inv lambdaapi.Invocation) context.Context {
			return auth.WithGatewayClaims(ctx, inv.Authorized, inv.Claims)
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	g := &gatewayStack{handler: h, src: src}
	g.env = accesstest.Env{
		Do: func(req *http.Request, who accesstest.Identity) *http.Response {
			return g.send(t, req, accesstest.GatewayClaims(who), nil)
		},
		Snapshot: accesstest.Snapshot(db),
	}

	return g
}

// send invokes the function with req's event; claims nil means the route has no
// authorizer. edit, when set, changes the event before the invocation.
func (g *gatewayStack) send(t *testing.T, req *http.Request, claims map[string]string,
	edit func(ev map[string]any)) *http.Response {
	t.Helper()

	opts := lambdatest.Options{Routes: routes(), Claims: claims}
	if g.src == lambdaapi.RESTAPI {
		opts.Stage = "prod"
	}

	payload, err := lambdatest.Event(g.src, req, opts)
	if err != nil {
		t.Fatalf("event: %v", err)
	}

	if edit != nil {
		var ev map[string]any
		if err := json.Unmarshal(payload, &ev); err != nil {
			t.Fatal(err)
		}

		edit(ev)
		if payload, err = json.Marshal(ev); err != nil {
			t.Fatal(err)
		}
	}

	out, err := g.handler.Invoke(req.Context(), payload)
	if err != nil {
		t.Fatalf("%s %s: function error: %v", req.Method, req.URL, err)
	}

	resp, err := lambdatest.DecodeResponse(g.src, out)
	if err != nil {
		t.Fatal(err)
	}

	return resp.HTTP(req)
}

func accessRouter(db *gorm.DB, a httpapi.Authenticator) http.Handler {
	svc := usecase.NewServices(gormstore.New(db))

	return httpapi.NewRouter(httpapi.Config{
		Products:      svc.Products,
		Categories:    svc.Categories,
		Vendors:       svc.Vendors,
		Logger:        slog.New(slog.DiscardHandler),
		Authenticator: a,
	})
}

// TestAccessParity is AUTH-3: the AUTH-2 matrix through the Lambda adapter, with
// claims shaped as API Gateway sends them, answers every cell with the status and
// body schema of the local server verifying the same callers' tokens itself.
func TestAccessParity(t *testing.T) {
	var local map[string]accesstest.Outcome
	t.Run("local", func(t *testing.T) { local = accesstest.Run(t, localAccessEnv(t)) })

	for _, src := range []lambdaapi.Source{lambdaapi.HTTPAPI, lambdaapi.RESTAPI} {
		t.Run(string(src), func(t *testing.T) {
			remote := accesstest.Run(t, newGatewayStack(t, src).env)
			compareOutcomes(t, local, remote)
		})
	}
}

func compareOutcomes(t *testing.T, local, remote map[string]accesstest.Outcome) {
	t.Helper()

	if len(local) != len(remote) {
		t.Fatalf("%d local cells, %d through Lambda", len(local), len(remote))
	}

	for name, want := range local {
		if got := remote[name]; got != want {
			t.Errorf("%s: Lambda %+v, local %+v", name, got, want)
		}
	}
}

// TestGatewayFailsClosed: what reaches the function without verified claims is never
// more than an anonymous reader, and the raw Authorization header is never trusted.
func TestGatewayFailsClosed(t *testing.T) {
	g := newGatewayStack(t, lambdaapi.HTTPAPI)
	local := localAccessEnv(t)
	admin := accesstest.Identity{Caller: accesstest.Admin}

	// A header that would verify locally: behind the gateway it proves nothing.
	adminToken := "Bearer " + authtest.SignHS256(t, hs256Secret, accesstest.TokenClaims(admin))
	category := `{"name":"Gateway"}`

	tests := []struct {
		name   string
		method string
		header string
		claims map[string]string
		edit   func(ev map[string]any)
		status int
		// localHeader is the credential the local path gets for the same case.
		localHeader string
	}{
		{name: "no authorizer, read", method: http.MethodGet, status: http.StatusOK},
		{name: "no authorizer, write", method: http.MethodPost, status: http.StatusUnauthorized},
		{name: "authorizer without JWT, write", method: http.MethodPost,
			edit: func(ev map[string]any) {
				rc := ev["requestContext"].(map[string]any)
				rc["authorizer"] = map[string]any{"lambda": map[string]any{"role": "admin"}}
			}, status: http.StatusUnauthorized},
		// A token on a route without an authorizer was verified by nobody: the caller
		// is anonymous, as the local path's caller without a token.
		{name: "Authorization without claims, write", method: http.MethodPost,
			header: adminToken, status: http.StatusUnauthorized},
		{name: "Authorization without claims, read", method: http.MethodGet,
			header: adminToken, status: http.StatusOK},
		{name: "groups [vendor admin]", method: http.MethodPost,
			claims: groups("[vendor admin]"), status: http.StatusCreated,
			localHeader: adminToken},
		{name: "groups vendor", method: http.MethodPost,
			claims: withVendorID(groups("vendor"), "1"), status: http.StatusForbidden,
			localHeader: "Bearer " + authtest.SignHS256(t, hs256Secret,
				accesstest.TokenClaims(accesstest.Identity{Caller: accesstest.VendorA,
					VendorID: 1}))},
		{name: "vendor claims beat an admin header", method: http.MethodPost,
			header: adminToken, claims: withVendorID(groups("[vendor]"), "1"),
			status: http.StatusForbidden},
		{name: "id token claims", method: http.MethodPost,
			claims: withUse(groups("[admin]"), "id"), status: http.StatusUnauthorized,
			localHeader: "Bearer " + authtest.SignHS256(t, hs256Secret,
				withTokenUse(accesstest.TokenClaims(admin), "id"))},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := categoryRequest(tt.method, category)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}

			res := read(t, g.send(t, req, tt.claims, tt.edit))
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}

			checkUnauthorized(t, res)

			lreq := categoryRequest(tt.method, category)
			if tt.localHeader != "" {
				lreq.Header.Set("Authorization", tt.localHeader)
			}

			lres := read(t, local.Do(lreq, accesstest.Identity{Caller: accesstest.Anonymous}))
			if tt.localHeader != "" || tt.claims == nil {
				if got, want := accesstest.Schema(res), accesstest.Schema(lres); got != want {
					t.Errorf("Lambda %s, local %s", got, want)
				}
			}
		})
	}
}

func categoryRequest(method, body string) *http.Request {
	if method == http.MethodGet {
		return httptest.NewRequest(method, "/api/v1/categories", nil)
	}

	req := httptest.NewRequest(method, "/api/v1/categories", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")

	return req
}

// checkUnauthorized: every 401 says how to authenticate, and refused credentials say
// invalid_token.
func checkUnauthorized(t *testing.T, res accesstest.Response) {
	t.Helper()

	if res.Status != http.StatusUnauthorized {
		return
	}

	if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 without WWW-Authenticate: %v", res.Header)
	}
}

func read(t *testing.T, resp *http.Response) accesstest.Response {
	t.Helper()

	defer func() { _ = resp.Body.Close() }()

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	res := accesstest.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	var v any
	if json.Unmarshal(body, &v) == nil {
		res.JSON = v
	}

	return res
}

// groups are an administrator's gateway claims with cognito:groups set to g.
func groups(g string) map[string]string {
	c := accesstest.GatewayClaims(accesstest.Identity{Caller: accesstest.Admin})
	c["cognito:groups"] = g

	return c
}

func withVendorID(c map[string]string, id string) map[string]string {
	c["custom:vendor_id"] = id

	return c
}

func withUse(c map[string]string, use string) map[string]string {
	c["token_use"] = use

	return c
}

func withTokenUse(c jwt.MapClaims, use string) jwt.MapClaims {
	c["token_use"] = use

	return c
}
