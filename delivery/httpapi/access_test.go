package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"gorm.io/gorm"

	"github.com/gamarriando/product-service/delivery/accesstest"
	"github.com/gamarriando/product-service/delivery/auth"
	"github.com/gamarriando/product-service/delivery/auth/authtest"
	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// accessServer is the local server's stack on a fresh PostgreSQL schema: the real
// router and use cases, verifying RS256 tokens against a JWKS served over TLS.
type accessServer struct {
	db      *gorm.DB
	handler http.Handler
	key     authtest.Key
	jwks    *authtest.Provider

	mu     sync.Mutex
	tokens map[accesstest.Identity]string
}

func newAccessServer(t *testing.T) *accessServer {
	t.Helper()

	db := dbtest.Postgres(t)
	key := authtest.NewKey(t, "catalog-1")
	jwks := authtest.NewProvider(t, key)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	verifier, err := auth.NewJWT(ctx, auth.JWTConfig{JWKSURL: jwks.URL(),
		Issuer: authtest.Issuer, Audience: authtest.ClientID, HTTPClient: jwks.Client()})
	if err != nil {
		t.Fatal(err)
	}

	svc := usecase.NewServices(gormstore.New(db))
	h := httpapi.NewRouter(httpapi.Config{
		Products:      svc.Products,
		Categories:    svc.Categories,
		Vendors:       svc.Vendors,
		Logger:        slog.New(slog.DiscardHandler),
		Authenticator: verifier,
	})

	return &accessServer{db: db, handler: h, key: key, jwks: jwks,
		tokens: map[accesstest.Identity]string{}}
}

// token is a Cognito-shaped access token for who (empty for anonymous callers).
func (s *accessServer) token(t *testing.T, who accesstest.Identity) string {
	t.Helper()

	s.mu.Lock()
	defer s.mu.Unlock()

	if tok, ok := s.tokens[who]; ok || who.Caller == accesstest.Anonymous {
		return tok
	}

	tok := authtest.Sign(t, s.key, accesstest.TokenClaims(who))
	s.tokens[who] = tok

	return tok
}

func (s *accessServer) env(t *testing.T) accesstest.Env {
	return accesstest.Env{
		Do: func(req *http.Request, who accesstest.Identity) *http.Response {
			if tok := s.token(t, who); tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}

			rec := httptest.NewRecorder()
			s.handler.ServeHTTP(rec, req)

			return rec.Result()
		},
		Snapshot: accesstest.Snapshot(s.db),
	}
}

// TestAccessMatrix is AUTH-2 on the local server: every cell of accesstest.Expected,
// with a database unchanged by each refusal.
func TestAccessMatrix(t *testing.T) {
	s := newAccessServer(t)
	accesstest.Run(t, s.env(t))
	s.checkCounters(t)
}

// TestInvalidTokensThroughRouter is AUTH-1 as a client sees it: every refused
// credential, on a read and on a write, is a 401 with WWW-Authenticate
// error="invalid_token" and a problem whose fixed title and detail do not say why.
func TestInvalidTokensThroughRouter(t *testing.T) {
	s := newAccessServer(t)
	outsider := authtest.NewKey(t, "catalog-1")
	admin := authtest.AccessClaims("admin-sub", "admin")
	with := func(k string, v any) jwt.MapClaims {
		c := authtest.AccessClaims("admin-sub", "admin")
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}

		return c
	}

	valid := authtest.Sign(t, s.key, admin)
	parts := strings.Split(valid, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	payload = []byte(strings.Replace(string(payload), "admin-sub", "other-sub", 1))
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
	tokens := map[string]string{
		"empty bearer": "",
		"alg none":     noneToken(t, admin),
		"foreign key":  authtest.Sign(t, outsider, admin),
		"unknown kid":  authtest.Sign(t, authtest.Key{ID: "nope", Private: s.key.Private}, admin),
		"expired 31 s": authtest.Sign(t, s.key,
			with("exp", time.Now().Add(-31*time.Second).Unix())),
		"nbf 60 s ahead": authtest.Sign(t, s.key, with("nbf", time.Now().Add(time.Minute).Unix())),
		"wrong issuer":   authtest.Sign(t, s.key, with("iss", "https://issuer.example")),
		"wrong client":   authtest.Sign(t, s.key, with("client_id", "other")),
		"id token":       authtest.Sign(t, s.key, with("token_use", "id")),
		"no exp":         authtest.Sign(t, s.key, with("exp", nil)),
		"over 8 KiB":     authtest.Sign(t, s.key, with("pad", strings.Repeat("p", 8<<10))),
		"tampered":       tampered,
	}

	var details []string
	for name, tok := range tokens {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(name+"/"+method, func(t *testing.T) {
				req := httptest.NewRequest(method, "/api/v1/products", strings.NewReader("{}"))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", strings.TrimSpace("Bearer "+tok))

				rec := httptest.NewRecorder()
				s.handler.ServeHTTP(rec, req)

				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401: %s", rec.Code, rec.Body)
				}

				got := rec.Header().Get("WWW-Authenticate")
				if got != `Bearer error="invalid_token"` {
					t.Errorf("WWW-Authenticate %q", got)
				}

				var p httpapi.Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != 401 ||
					p.Title != "Unauthorized" {
					t.Fatalf("problem %+v (%v): %s", p, err, rec.Body)
				}

				details = append(details, p.Detail)
			})
		}
	}

	for _, d := range details {
		if d != details[0] {
			t.Fatalf("the detail varies with the reason (%q, %q): it must not say why", d,
				details[0])
		}
	}

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/products", nil)
	req.Header.Set("Authorization", "Bearer "+valid)
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("a valid token: %d %s", rec.Code, rec.Body)
	}
}

func noneToken(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()

	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).
		SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}

	return s
}

// send is one request through the server as who.
func (s *accessServer) send(t *testing.T, who accesstest.Identity, method, path string,
	body any) accesstest.Response {
	t.Helper()

	return accesstest.Send(t, s.env(t), who, method, path, body)
}

// row is one stored row as JSON, every column included.
func (s *accessServer) row(t *testing.T, table string, id int64) map[string]any {
	t.Helper()

	var raw string
	q := "SELECT to_jsonb(t)::text FROM " + table + " t WHERE id = ?"
	if err := s.db.Raw(q, id).Scan(&raw).Error; err != nil || raw == "" {
		t.Fatalf("read %s %d: %v", table, id, err)
	}

	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}

	return m
}

// checkCounters is INV-1's query: every vendor's total_products equals its products.
func (s *accessServer) checkCounters(t *testing.T) {
	t.Helper()

	var drift int64
	q := `SELECT count(*) FROM vendors v WHERE total_products <>
		(SELECT count(*) FROM products p WHERE p.vendor_id = v.id)`
	if err := s.db.Raw(q).Scan(&drift).Error; err != nil {
		t.Fatal(err)
	}

	if drift != 0 {
		t.Fatalf("%d vendors have a total_products that is not their product count", drift)
	}
}

// fixture makes two active vendors, a category and a product of each vendor, as an
// administrator.
type fixture struct {
	vendorA, vendorB, category, productA, productB int64
}

func (s *accessServer) fixture(t *testing.T) fixture {
	t.Helper()

	admin := accesstest.Identity{Caller: accesstest.Admin}
	create := func(path string, body map[string]any) int64 {
		res := s.send(t, admin, http.MethodPost, path, body)
		if res.Status != http.StatusCreated {
			t.Fatalf("fixture %s: %d %s", path, res.Status, res.Body)
		}

		n, _ := res.Object()["id"].(json.Number)
		id, _ := n.Int64()

		return id
	}

	var f fixture
	f.category = create("/api/v1/categories", map[string]any{"name": "Sillas"})
	f.vendorA = create("/api/v1/vendors", map[string]any{"name": "A", "email": "a@example.com",
		"rating": "4.20", "is_verified": true})
	f.vendorB = create("/api/v1/vendors", map[string]any{"name": "B", "email": "b@example.com"})
	product := func(vendor int64) map[string]any {
		return map[string]any{"name": fmt.Sprintf("Silla %d", vendor), "price": "10.00",
			"status": "active", "category_id": f.category, "vendor_id": vendor}
	}
	f.productA = create("/api/v1/products", product(f.vendorA))
	f.productB = create("/api/v1/products", product(f.vendorB))

	return f
}

// TestVendorForbiddenFields is INP-1's property-level authorization: a vendor patching
// its own profile or product cannot set what only the server or an administrator sets,
// and every refused patch leaves the row unchanged, column by column.
func TestVendorForbiddenFields(t *testing.T) {
	s := newAccessServer(t)
	f := s.fixture(t)
	vendorA := accesstest.Identity{Caller: accesstest.VendorA, VendorID: f.vendorA}
	profile := fmt.Sprintf("/api/v1/vendors/%d", f.vendorA)
	product := fmt.Sprintf("/api/v1/products/%d", f.productA)

	tests := []struct {
		name   string
		path   string
		table  string
		id     int64
		body   map[string]any
		status int
	}{
		{"total_products", profile, "vendors", f.vendorA,
			map[string]any{"total_products": 99}, http.StatusBadRequest},
		{"rating", profile, "vendors", f.vendorA, map[string]any{"rating": "5.00"},
			http.StatusForbidden},
		{"is_verified", profile, "vendors", f.vendorA, map[string]any{"is_verified": false},
			http.StatusForbidden},
		{"id", profile, "vendors", f.vendorA, map[string]any{"id": f.vendorB},
			http.StatusBadRequest},
		{"version", profile, "vendors", f.vendorA, map[string]any{"version": 1},
			http.StatusBadRequest},
		{"created_at", profile, "vendors", f.vendorA,
			map[string]any{"created_at": "2001-01-01T00:00:00Z"}, http.StatusBadRequest},
		{"updated_at", profile, "vendors", f.vendorA,
			map[string]any{"updated_at": "2001-01-01T00:00:00Z"}, http.StatusBadRequest},
		{"rating with an allowed field", profile, "vendors", f.vendorA,
			map[string]any{"rating": 0, "description": "x"}, http.StatusForbidden},
		{"product VENDOR_ID", product, "products", f.productA,
			map[string]any{"VENDOR_ID": f.vendorB}, http.StatusBadRequest},
		{"product vendor_id of another vendor", product, "products", f.productA,
			map[string]any{"vendor_id": f.vendorB}, http.StatusForbidden},
		{"product id", product, "products", f.productA, map[string]any{"id": 1000},
			http.StatusBadRequest},
		{"product version", product, "products", f.productA, map[string]any{"version": 9},
			http.StatusBadRequest},
		{"product created_at", product, "products", f.productA,
			map[string]any{"created_at": "2001-01-01T00:00:00Z"}, http.StatusBadRequest},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.row(t, tt.table, tt.id)
			snap := accesstest.Snapshot(s.db)(t)

			res := s.send(t, vendorA, http.MethodPatch, tt.path, tt.body)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}

			after := s.row(t, tt.table, tt.id)
			for col, v := range before {
				if fmt.Sprint(after[col]) != fmt.Sprint(v) {
					t.Errorf("column %s changed from %v to %v", col, v, after[col])
				}
			}

			if accesstest.Snapshot(s.db)(t) != snap {
				t.Error("another row changed")
			}
		})
	}

	// What the vendor may change still works, and keeps what it may not; restating the
	// current rating and is_verified is no change.
	before := s.row(t, "vendors", f.vendorA)
	res := s.send(t, vendorA, http.MethodPatch, profile,
		map[string]any{"description": "hand-made", "rating": "4.20", "is_verified": true})
	if res.Status != http.StatusOK {
		t.Fatalf("an allowed patch: %d %s", res.Status, res.Body)
	}

	after := s.row(t, "vendors", f.vendorA)
	for _, col := range []string{"rating", "is_verified", "total_products"} {
		if fmt.Sprint(after[col]) != fmt.Sprint(before[col]) {
			t.Errorf("an allowed patch changed %s from %v to %v", col, before[col], after[col])
		}
	}

	if after["description"] != "hand-made" {
		t.Errorf("description %v, want hand-made", after["description"])
	}

	// Creating with a forbidden spelling of vendor_id is refused too.
	res = s.send(t, vendorA, http.MethodPost, "/api/v1/products", map[string]any{
		"name": "Mesa", "price": "1.00", "category_id": f.category, "vendor_id": f.vendorA,
		"VENDOR_ID": f.vendorB})
	if res.Status != http.StatusBadRequest {
		t.Fatalf("POST with VENDOR_ID: %d %s", res.Status, res.Body)
	}
}

// TestAdminMovesProducts: an administrator may move products between vendors, even
// concurrently, and every vendor's total_products stays its exact product count; a
// vendor may not give its product away.
func TestAdminMovesProducts(t *testing.T) {
	s := newAccessServer(t)
	f := s.fixture(t)
	admin := accesstest.Identity{Caller: accesstest.Admin}
	vendorA := accesstest.Identity{Caller: accesstest.VendorA, VendorID: f.vendorA}

	res := s.send(t, vendorA, http.MethodPatch, fmt.Sprintf("/api/v1/products/%d", f.productA),
		map[string]any{"vendor_id": f.vendorB})
	if res.Status != http.StatusForbidden {
		t.Fatalf("a vendor gave its product away: %d %s", res.Status, res.Body)
	}

	vendors := []int64{f.vendorA, f.vendorB}
	products := []int64{f.productA, f.productB}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()

			for i := range 8 {
				path := fmt.Sprintf("/api/v1/products/%d", products[(w+i)%2])
				move := map[string]any{"vendor_id": vendors[(w*3+i)%2]}
				res := s.send(t, admin, http.MethodPatch, path, move)
				// The handler retries a PATCH without If-Match a few times, then answers
				// 412 under heavy contention; a client retries as OCC-2's do.
				for try := 0; res.Status == http.StatusPreconditionFailed && try < 10; try++ {
					res = s.send(t, admin, http.MethodPatch, path, move)
				}

				if res.Status != http.StatusOK {
					errs <- fmt.Sprintf("move %s: %d %s", path, res.Status, res.Body)
				}
			}
		}()
	}

	wg.Wait()
	close(errs)

	for e := range errs {
		t.Error(e)
	}

	s.checkCounters(t)

	res = s.send(t, admin, http.MethodGet, fmt.Sprintf("/api/v1/vendors/%d", f.vendorB), nil)
	n, _ := res.Object()["total_products"].(json.Number)
	var count int64
	s.db.Raw("SELECT count(*) FROM products WHERE vendor_id = ?", f.vendorB).Scan(&count)
	if n.String() != strconv.FormatInt(count, 10) {
		t.Fatalf("API total_products %s, database count %d", n, count)
	}
}

// TestFiltersCannotWidenVisibility: a list filter narrows what the caller may see and
// never reaches rows hidden from it (BOLA through query parameters).
func TestFiltersCannotWidenVisibility(t *testing.T) {
	s := newAccessServer(t)
	f := s.fixture(t)
	admin := accesstest.Identity{Caller: accesstest.Admin}
	anon := accesstest.Identity{Caller: accesstest.Anonymous}
	vendorA := accesstest.Identity{Caller: accesstest.VendorA, VendorID: f.vendorA}

	create := func(path string, body map[string]any) int64 {
		res := s.send(t, admin, http.MethodPost, path, body)
		if res.Status != http.StatusCreated {
			t.Fatalf("%s: %d %s", path, res.Status, res.Body)
		}

		n, _ := res.Object()["id"].(json.Number)
		id, _ := n.Int64()

		return id
	}

	draft := func(vendor int64, name string) int64 {
		return create("/api/v1/products", map[string]any{"name": name, "price": "1.00",
			"status": "draft", "category_id": f.category, "vendor_id": vendor})
	}
	draftA, draftB := draft(f.vendorA, "Borrador Zafiro"), draft(f.vendorB, "Borrador Rubí")
	hiddenCat := create("/api/v1/categories", map[string]any{"name": "Oculta",
		"is_active": false})
	hiddenVendor := create("/api/v1/vendors", map[string]any{"name": "Oculto",
		"email": "oculto@example.com", "is_active": false})

	tests := []struct {
		name  string
		who   accesstest.Identity
		query string
		want  []int64
	}{
		{"anonymous status=draft", anon, "/api/v1/products?status=draft", nil},
		{"anonymous q on a draft", anon, "/api/v1/products?q=zafiro", nil},
		{"anonymous vendor_id", anon, fmt.Sprintf("/api/v1/products?vendor_id=%d&status=draft",
			f.vendorB), nil},
		{"vendor status=draft", vendorA, "/api/v1/products?status=draft", []int64{draftA}},
		{"vendor q on another's draft", vendorA, "/api/v1/products?q=rub", nil},
		{"vendor another's drafts", vendorA,
			fmt.Sprintf("/api/v1/products?vendor_id=%d&status=draft", f.vendorB), nil},
		{"admin status=draft", admin, "/api/v1/products?status=draft",
			[]int64{draftA, draftB}},
		{"anonymous is_active=false categories", anon, "/api/v1/categories?is_active=false",
			nil},
		{"vendor q on a hidden category", vendorA, "/api/v1/categories?q=oculta", nil},
		{"anonymous is_active=false vendors", anon, "/api/v1/vendors?is_active=false", nil},
		{"vendor q on a hidden vendor", vendorA, "/api/v1/vendors?q=oculto", nil},
		{"admin is_active=false vendors", admin, "/api/v1/vendors?is_active=false",
			[]int64{hiddenVendor}},
		{"admin is_active=false categories", admin, "/api/v1/categories?is_active=false",
			[]int64{hiddenCat}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.send(t, tt.who, http.MethodGet, tt.query, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}

			got := accesstest.ListedIDs(t, res)
			if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(tt.want)) {
				t.Fatalf("listed %v, want %v", got, tt.want)
			}
		})
	}
}

func sorted(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)

	return out
}

// TestRefusedTokensAreNotLogged: the log says a credential was refused and why, never
// the credential (ERR-2's canary, as a JWT signature and as a whole bogus token).
func TestRefusedTokensAreNotLogged(t *testing.T) {
	s := newAccessServer(t)
	var logs strings.Builder
	var mu sync.Mutex
	verifier, err := auth.NewJWT(context.Background(), auth.JWTConfig{
		HS256Secret: "log-test-secret-0123456789abcdef", Issuer: authtest.Issuer,
		Audience: authtest.ClientID})
	if err != nil {
		t.Fatal(err)
	}

	svc := usecase.NewServices(gormstore.New(s.db))
	h := httpapi.NewRouter(httpapi.Config{Products: svc.Products, Categories: svc.Categories,
		Vendors: svc.Vendors, Authenticator: verifier,
		Logger: slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))})

	const canary = "canarySignature4242"
	valid := authtest.SignHS256(t, []byte("log-test-secret-0123456789abcdef"),
		accesstest.TokenClaims(accesstest.Identity{Caller: accesstest.Admin}))
	parts := strings.Split(valid, ".")
	for _, tok := range []string{parts[0] + "." + parts[1] + "." + canary,
		"canary." + canary + ".x", canary} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/products", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d", rec.Code)
		}
	}

	mu.Lock()
	defer mu.Unlock()

	if !strings.Contains(logs.String(), "credentials refused") {
		t.Fatalf("the refusal was not logged: %s", logs.String())
	}

	if strings.Contains(logs.String(), canary) {
		t.Fatalf("a refused token reached the log: %s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	return l.w.Write(p)
}

// TestRefusedCreateKeepsNoIdempotencyKey: a create refused for its caller writes
// nothing, not even its Idempotency-Key, so the same key sent by someone allowed runs
// as a new request instead of replaying the refusal.
func TestRefusedCreateKeepsNoIdempotencyKey(t *testing.T) {
	s := newAccessServer(t)
	f := s.fixture(t)
	env := s.env(t)
	body := fmt.Sprintf(`{"name":"Clave","price":"2.00","category_id":%d,"vendor_id":%d}`,
		f.category, f.vendorB)

	post := func(who accesstest.Identity) *http.Response {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/products", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "refused-key-1")

		return env.Do(req, who)
	}

	before := accesstest.Snapshot(s.db)(t)
	for _, who := range []accesstest.Identity{{Caller: accesstest.Anonymous},
		{Caller: accesstest.Member}, {Caller: accesstest.VendorA, VendorID: f.vendorA}} {
		if resp := post(who); resp.StatusCode != http.StatusUnauthorized &&
			resp.StatusCode != http.StatusForbidden {
			t.Fatalf("%s: status %d, want 401 or 403", who.Caller, resp.StatusCode)
		}
	}

	if accesstest.Snapshot(s.db)(t) != before {
		t.Fatal("a refused create with an Idempotency-Key wrote a row")
	}

	resp := post(accesstest.Identity{Caller: accesstest.VendorB, VendorID: f.vendorB})
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotency-Replayed") != "" {
		t.Fatalf("the allowed caller's first use of the key: %d %v", resp.StatusCode,
			resp.Header)
	}
}
