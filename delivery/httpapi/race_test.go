package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gamarriando/product-service/repository/dbtest"
	"gorm.io/gorm"
)

// raceRounds repeats each race: a single round can pass by luck.
const raceRounds = 20

// client sends JSON requests to the engine and decodes the answers.
type client struct {
	t *testing.T
	h http.Handler
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (c client) do(method, path, body string, header ...string) reply {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}

	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}

	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)

	r := reply{status: rec.Code, header: rec.Header(), raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &r.body)

	return r
}

// must sends a request that has to succeed with want, and returns its body.
func (c client) must(want int, method, path, body string) map[string]any {
	c.t.Helper()

	r := c.do(method, path, body)
	if r.status != want {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, r.status, want, r.raw)
	}

	return r.body
}

func (c client) id(want int, method, path, body string) int64 {
	c.t.Helper()

	return int64(c.must(want, method, path, body)["id"].(float64))
}

// concurrently runs every fn at once behind a barrier and waits for all.
func concurrently(fns ...func()) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})

	for _, fn := range fns {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn()
		}()
	}

	ready.Wait()
	close(start)
	done.Wait()
}

// statuses counts the statuses of concurrent requests.
type statuses struct {
	mu     sync.Mutex
	counts map[int]int
	bodies []string
}

func (s *statuses) add(r reply) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if s.counts == nil {
		s.counts = map[int]int{}
	}

	s.counts[r.status]++
	if r.status >= 500 {
		s.bodies = append(s.bodies, r.raw)
	}
}

func newClient(t *testing.T) (client, *gorm.DB) {
	db := dbtest.Postgres(t)

	return client{t: t, h: newEngine(db)}, db
}

func TestRaceSameExplicitSlug(t *testing.T) {
	c, _ := newClient(t)
	cat := c.id(201, "POST", "/api/v1/categories", `{"name":"Razas"}`)
	ven := c.id(201, "POST", "/api/v1/vendors", `{"name":"R","email":"r@x.pe"}`)

	for round := range raceRounds {
		var got statuses
		body := fmt.Sprintf(`{"name":"Race %d","slug":"race-%d","price":"1.00",`+
			`"category_id":%d,"vendor_id":%d}`, round, round, cat, ven)
		create := func() { got.add(c.do("POST", "/api/v1/products", body)) }

		concurrently(create, create)
		if got.counts[201] != 1 || got.counts[409] != 1 {
			t.Fatalf("round %d: statuses %v, want one 201 and one 409 %v", round, got.counts,
				got.bodies)
		}
	}

	total := c.must(200, "GET", fmt.Sprintf("/api/v1/vendors/%d", ven), "")["total_products"]
	if total != float64(raceRounds) {
		t.Fatalf("total_products %v after %d successful creates", total, raceRounds)
	}
}

func TestRaceSameEmailAnyCase(t *testing.T) {
	c, _ := newClient(t)

	for round := range raceRounds {
		var got statuses
		lower := fmt.Sprintf(`{"name":"V","email":"race%d@x.pe"}`, round)
		upper := fmt.Sprintf(`{"name":"V","email":"RACE%d@X.PE"}`, round)

		concurrently(func() { got.add(c.do("POST", "/api/v1/vendors", lower)) },
			func() { got.add(c.do("POST", "/api/v1/vendors", upper)) })
		if got.counts[201] != 1 || got.counts[409] != 1 {
			t.Fatalf("round %d: statuses %v, want one 201 and one 409 %v", round, got.counts,
				got.bodies)
		}
	}
}

// TestRaceCountersStayExact runs forty product writes at once across two vendors,
// creates and deletes mixed, and compares total_products with the rows themselves.
func TestRaceCountersStayExact(t *testing.T) {
	c, db := newClient(t)
	cat := c.id(201, "POST", "/api/v1/categories", `{"name":"Contadores"}`)
	vendors := []int64{
		c.id(201, "POST", "/api/v1/vendors", `{"name":"A","email":"a@x.pe"}`),
		c.id(201, "POST", "/api/v1/vendors", `{"name":"B","email":"b@x.pe"}`),
	}

	productBody := func(i int) string {
		return fmt.Sprintf(`{"name":"P %d","price":"2.00","category_id":%d,"vendor_id":%d}`,
			i, cat, vendors[i%2])
	}

	var existing []int64
	for i := range 20 {
		existing = append(existing, c.id(201, "POST", "/api/v1/products", productBody(i)))
	}

	for round := range 3 {
		var got statuses
		var fns []func()
		for i := range 20 {
			body := productBody(100*(round+1) + i)
			fns = append(fns, func() { got.add(c.do("POST", "/api/v1/products", body)) })
		}

		for _, id := range existing {
			path := fmt.Sprintf("/api/v1/products/%d", id)
			fns = append(fns, func() { got.add(c.do("DELETE", path, "")) })
		}

		concurrently(fns...)
		if got.counts[201] != 20 || got.counts[204] != 20 {
			t.Fatalf("round %d: statuses %v %v", round, got.counts, got.bodies)
		}

		existing = existingProducts(t, db)
		checkCounters(t, c, db, vendors)
	}
}

func existingProducts(t *testing.T, db *gorm.DB) []int64 {
	t.Helper()

	var ids []int64
	if err := db.Raw("SELECT id FROM products ORDER BY id").Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}

	return ids
}

func checkCounters(t *testing.T, c client, db *gorm.DB, vendors []int64) {
	t.Helper()

	for _, v := range vendors {
		var rows int64
		err := db.Raw("SELECT COUNT(*) FROM products WHERE vendor_id = ?", v).Scan(&rows).Error
		if err != nil {
			t.Fatal(err)
		}

		got := c.must(200, "GET", fmt.Sprintf("/api/v1/vendors/%d", v), "")["total_products"]
		if got != float64(rows) || rows != 10 {
			t.Fatalf("vendor %d: total_products %v, COUNT(*) %d, want 10", v, got, rows)
		}
	}
}

// TestRaceConcurrentPatchesAllLand sends PATCHes of different fields at once without
// If-Match: each re-reads and retries on a concurrent write, so none is lost.
func TestRaceConcurrentPatchesAllLand(t *testing.T) {
	c, _ := newClient(t)
	cat := c.id(201, "POST", "/api/v1/categories", `{"name":"Parches"}`)
	ven := c.id(201, "POST", "/api/v1/vendors", `{"name":"P","email":"p@x.pe"}`)

	for round := range raceRounds / 2 {
		path := fmt.Sprintf("/api/v1/products/%d", c.id(201, "POST", "/api/v1/products",
			fmt.Sprintf(`{"name":"Base %d","price":"1.00","category_id":%d,"vendor_id":%d}`,
				round, cat, ven)))

		var got statuses
		patches := []string{`{"description":"d"}`, `{"stock":9}`, `{"tags":["t"]}`,
			`{"price":"2.50"}`}

		var fns []func()
		for _, p := range patches {
			fns = append(fns, func() { got.add(c.do("PATCH", path, p)) })
		}

		concurrently(fns...)
		if got.counts[200] != len(patches) {
			t.Fatalf("round %d: statuses %v %v", round, got.counts, got.bodies)
		}

		r := c.do("GET", path, "")
		final := r.body
		lost := final["description"] != "d" || final["stock"] != float64(9) ||
			final["price"] != "2.50" || fmt.Sprint(final["tags"]) != "[t]"
		if lost || r.header.Get("ETag") != `"v5"` {
			t.Fatalf("round %d: a change was lost: %s (ETag %s)", round, r.raw,
				r.header.Get("ETag"))
		}
	}
}

// TestRaceIfMatchLetsOneWin sends two PATCHes with the same If-Match at once: exactly
// one may win, the other must be told with a 412.
func TestRaceIfMatchLetsOneWin(t *testing.T) {
	c, _ := newClient(t)
	cat := c.id(201, "POST", "/api/v1/categories", `{"name":"Etags"}`)

	for round := range raceRounds {
		path := fmt.Sprintf("/api/v1/categories/%d", c.id(201, "POST", "/api/v1/categories",
			fmt.Sprintf(`{"name":"Hoja %d","parent_id":%d}`, round, cat)))

		var got statuses
		write := func(body string) func() {
			return func() { got.add(c.do("PATCH", path, body, "If-Match", `"v1"`)) }
		}

		concurrently(write(`{"description":"a"}`), write(`{"description":"b"}`))
		if got.counts[200] != 1 || got.counts[412] != 1 {
			t.Fatalf("round %d: statuses %v %v", round, got.counts, got.bodies)
		}
	}
}
