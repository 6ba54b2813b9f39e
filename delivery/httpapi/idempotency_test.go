package httpapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gamarriando/product-service/delivery/httpapi"
	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// headerUser authenticates by a test header naming the caller, so one test can act as
// several administrators.
type headerUser struct{}

func (headerUser) Authenticate(r *http.Request) (domain.Principal, error) {
	return domain.Principal{Role: domain.RoleAdmin, Subject: r.Header.Get("X-Test-User")}, nil
}

// slowStore holds every transaction open a little longer, so concurrent retries really
// overlap the first request (IDEM-1's "handler holds its transaction ≥ 20 ms").
type slowStore struct {
	usecase.Store
	hold time.Duration
}

func (s slowStore) Tx(ctx context.Context, fn func(usecase.Repos) error) error {
	return s.Store.Tx(ctx, func(r usecase.Repos) error {
		if err := fn(r); err != nil {
			return err
		}

		time.Sleep(s.hold)

		return nil
	})
}

func idempotencyEngine(t *testing.T) (client, *gorm.DB, string) {
	t.Helper()

	db := dbtest.Postgres(t)
	svc := usecase.NewServices(slowStore{Store: gormstore.New(db), hold: 20 * time.Millisecond})
	h := httpapi.NewRouter(httpapi.Config{Products: svc.Products, Categories: svc.Categories,
		Vendors: svc.Vendors, Logger: slog.New(slog.DiscardHandler),
		Authenticator: headerUser{}})
	c := client{t: t, h: h}

	cat := c.must(201, "POST", "/api/v1/categories", `{"name":"Ropa"}`)
	vendor := c.must(201, "POST", "/api/v1/vendors", `{"name":"V","email":"v@example.com"}`)
	body := fmt.Sprintf(`{"name":"Polo","slug":"polo-idem","price":"10.00",`+
		`"category_id":%v,"vendor_id":%v}`, cat["id"], vendor["id"])

	return c, db, body
}

func countRows(t *testing.T, db *gorm.DB, query string, args ...any) int64 {
	t.Helper()

	var n int64
	if err := db.Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}

	return n
}

// IDEM-1: fifty concurrent POSTs with one key and body make one product.
func TestIdempotencyConcurrentSameKey(t *testing.T) {
	c, db, body := idempotencyEngine(t)

	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		replies = make([]reply, 50)
	)

	for i := range replies {
		wg.Go(func() {
			<-start
			replies[i] = c.do("POST", "/api/v1/products", body, "Idempotency-Key", "k-1",
				"X-Test-User", "alice")
		})
	}

	close(start)
	wg.Wait()

	fresh, replayed, inFlight := 0, 0, 0
	var first string
	for _, r := range replies {
		switch {
		case r.status == 201 && r.header.Get("Idempotency-Replayed") == "":
			fresh++
			first = r.raw
		case r.status == 201:
			replayed++
		case r.status == 409 && r.body["type"] == "urn:gamarriando:problem:idempotency-key-in-use":
			inFlight++
		default:
			t.Fatalf("unexpected reply %d: %s", r.status, r.raw)
		}
	}

	for _, r := range replies {
		if r.status == 201 && r.raw != first {
			t.Fatalf("a replay differs from the first response:\n%s\n%s", r.raw, first)
		}
	}

	if fresh != 1 {
		t.Fatalf("%d fresh 201s, want exactly 1 (replayed %d, in flight %d)", fresh,
			replayed, inFlight)
	}

	if n := countRows(t, db, "SELECT count(*) FROM products WHERE slug = 'polo-idem'"); n != 1 {
		t.Fatalf("%d products, want 1", n)
	}

	if n := countRows(t, db, "SELECT total_products FROM vendors"); n != 1 {
		t.Fatalf("total_products = %d, want 1", n)
	}

	t.Logf("50 concurrent: 1 created, %d replayed, %d in flight (409)", replayed, inFlight)
}

// IDEM-2: retry semantics, in order.
func TestIdempotencyRetrySemantics(t *testing.T) {
	c, db, body := idempotencyEngine(t)
	post := func(key, b string) reply {
		return c.do("POST", "/api/v1/products", b, "Idempotency-Key", key,
			"X-Test-User", "alice")
	}

	first := post("k-2", body)
	if first.status != 201 {
		t.Fatalf("first: %d %s", first.status, first.raw)
	}

	again := post("k-2", body)
	if again.status != 201 || again.raw != first.raw ||
		again.header.Get("Location") != first.header.Get("Location") ||
		again.header.Get("Idempotency-Replayed") != "true" {
		t.Fatalf("replay: %d %q, want the first response byte for byte", again.status,
			again.raw)
	}

	reordered := `{ "vendor_id": ` + fmt.Sprint(first.body["vendor_id"]) +
		`, "category_id": ` + fmt.Sprint(first.body["category_id"]) +
		`, "price": "10.00", "slug": "polo-idem",   "name": "Polo" }`
	if r := post("k-2", reordered); r.status != 201 || r.raw != first.raw {
		t.Fatalf("same JSON, other key order and spacing: %d %s, want a replay", r.status,
			r.raw)
	}

	other := strings.Replace(body, "10.00", "11.00", 1)
	if r := post("k-2", other); r.status != 422 ||
		r.body["type"] != "urn:gamarriando:problem:idempotency-key-reused" {
		t.Fatalf("other body: %d %s, want 422 idempotency-key-reused", r.status, r.raw)
	}

	for _, bad := range []string{strings.Repeat("k", 256), "bad\x01key", " "} {
		if r := post(bad, body); r.status != 400 {
			t.Fatalf("key %q: %d, want 400", bad, r.status)
		}
	}

	if n := countRows(t, db, "SELECT count(*) FROM products"); n != 1 {
		t.Fatalf("%d products after the retries, want 1", n)
	}
}

// IDEM-3: keys are scoped to the caller and expire after 24 hours.
func TestIdempotencyScopeAndRetention(t *testing.T) {
	c, db, body := idempotencyEngine(t)

	a := c.do("POST", "/api/v1/products", body, "Idempotency-Key", "k-3",
		"X-Test-User", "alice")
	if a.status != 201 {
		t.Fatalf("alice: %d %s", a.status, a.raw)
	}

	// Bob sends Alice's key and body: it runs as Bob's own request (here a slug
	// conflict, since the slug is explicit), and never returns Alice's response.
	b := c.do("POST", "/api/v1/products", body, "Idempotency-Key", "k-3", "X-Test-User", "bob")
	if b.status != 409 || b.raw == a.raw {
		t.Fatalf("bob with alice's key: %d %s, want his own 409", b.status, b.raw)
	}

	err := db.Exec("UPDATE idempotency_keys " +
		"SET created_at = created_at - interval '24 hours 1 second'").Error
	if err != nil {
		t.Fatal(err)
	}

	fresh := strings.Replace(body, "polo-idem", "polo-idem-2", 1)
	if r := c.do("POST", "/api/v1/products", fresh, "Idempotency-Key", "k-3",
		"X-Test-User", "alice"); r.status != 201 || r.header.Get("Idempotency-Replayed") != "" {
		t.Fatalf("expired key: %d %s, want a fresh create", r.status, r.raw)
	}

	if n := countRows(t, db, "SELECT count(*) FROM products"); n != 2 {
		t.Fatalf("%d products, want 2 after the key expired", n)
	}
}
