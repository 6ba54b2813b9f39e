//go:build reliability

package reliability

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counterDrift is INV-1's check: vendors whose counter differs from their products.
const counterDrift = `SELECT count(*) FROM vendors v WHERE total_products <>
	(SELECT count(*) FROM products p WHERE p.vendor_id = v.id)`

// INV-1: 16 workers x 250 API operations (half creates, a quarter deletes, a quarter
// moves between vendors) over 5 vendors. Counters stay exact, no acknowledged product
// is lost, no deadlock happens (rows are locked in id order), p99 < 500 ms.
func TestINV1CountersUnderStorm(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 5)
	logStart := pgLogSize(t)

	h := newHistory()
	live := &liveSet{}
	var seq atomic.Int64
	create := func(rng *rand.Rand) {
		slug := fmt.Sprintf("storm-%d", seq.Add(1))
		body := f.productBody(slug, f.vendors[rng.IntN(len(f.vendors))])
		r := h.record("add", slug, func() reply { return c.do("POST", "/api/v1/products", body) })
		if r.Status == 201 {
			live.add(r.ID(), slug)
		}
	}

	seedRng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		create(seedRng)
	}

	const workers, ops = 16, 250
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()

			rng := rand.New(rand.NewPCG(uint64(w), 99))
			for range ops {
				stormOp(rng, c, h, live, f, create)
			}
		}()
	}
	wg.Wait()

	events := h.all()
	statuses := map[string]map[int]int{}
	for _, e := range events {
		if statuses[e.Op] == nil {
			statuses[e.Op] = map[int]int{}
		}

		statuses[e.Op][e.Status]++
		if e.Status >= 500 || e.Status == 0 {
			t.Errorf("%s %s: status %d", e.Op, e.Key, e.Status)
		}
	}

	res := checkSet(events, presentSlugs(t, s.DB, "storm-%"))
	lat := latencyOf(events)
	deadlocks := columnInt(t, "postgres",
		"SELECT deadlocks FROM pg_stat_database WHERE datname = $1", s.DB)
	logged := strings.Count(pgLogSince(t, logStart), "deadlock detected")
	drift := columnInt(t, s.DB, counterDrift)
	sum := columnInt(t, s.DB, "SELECT coalesce(sum(total_products), 0) FROM vendors")
	products := columnInt(t, s.DB, "SELECT count(*) FROM products")

	t.Logf("INV-1: %d ops, statuses %v; %s; latency %s; vendors drifting %d; "+
		"sum(total_products) %d, products %d; deadlocks %d, logged %d; history %s",
		len(events), statuses, res, lat, drift, sum, products, deadlocks, logged,
		h.save(t, "inv1"))

	if drift != 0 || sum != products {
		t.Errorf("counters drifted: %d vendors wrong, sum %d vs %d products", drift, sum,
			products)
	}

	if !res.ok() {
		t.Errorf("set-full: %s (lost %v, unexpected %v)", res, res.Lost, res.Unexpected)
	}

	if deadlocks != 0 || logged != 0 {
		t.Errorf("%d deadlocks (%d in the server log); rows must lock in one order",
			deadlocks, logged)
	}

	if lat.P99 >= 500*time.Millisecond {
		t.Errorf("p99 %s, want < 500 ms", lat.P99)
	}

	// The check can fail: break one counter and it must say so.
	superExec(t, s.DB, "UPDATE vendors SET total_products = total_products + 1 WHERE id = "+
		itoa(f.vendors[0]))
	if columnInt(t, s.DB, counterDrift) != 1 {
		t.Errorf("the drift query missed a counter broken on purpose")
	}
}

// stormOp is one random operation of INV-1: 50% create, 25% delete, 25% move.
func stormOp(rng *rand.Rand, c *client, h *history, live *liveSet, f fixture,
	create func(*rand.Rand)) {
	roll := rng.IntN(4)
	if roll < 2 {
		create(rng)

		return
	}

	id, slug, ok := live.pick(rng)
	if !ok {
		create(rng)

		return
	}

	path := "/api/v1/products/" + itoa(id)
	if roll == 2 {
		r := h.record("remove", slug, func() reply { return c.do("DELETE", path, nil) })
		if r.Status == 204 || r.Status == 404 {
			live.remove(id)
		}

		return
	}

	to := f.vendors[rng.IntN(len(f.vendors))]
	h.record("move", slug, func() reply {
		return c.do("PATCH", path, map[string]any{"vendor_id": to})
	})
}

// liveSet is the products the storm believes exist, for picking targets.
type liveSet struct {
	mu    sync.Mutex
	ids   []int64
	slugs map[int64]string
}

func (l *liveSet) add(id int64, slug string) {
	l.mu.Lock()
	defer l.mu.Unlock()

	if l.slugs == nil {
		l.slugs = map[int64]string{}
	}

	l.ids = append(l.ids, id)
	l.slugs[id] = slug
}

func (l *liveSet) pick(rng *rand.Rand) (int64, string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()

	if len(l.ids) == 0 {
		return 0, "", false
	}

	id := l.ids[rng.IntN(len(l.ids))]

	return id, l.slugs[id], true
}

func (l *liveSet) remove(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()

	for i, v := range l.ids {
		if v == id {
			l.ids = append(l.ids[:i], l.ids[i+1:]...)

			return
		}
	}
}

// presentSlugs counts the products per slug among those matching pattern.
func presentSlugs(t testing.TB, db, pattern string) map[string]int {
	t.Helper()

	rows, err := superDB(t, db).Query("SELECT slug FROM products WHERE slug LIKE $1", pattern)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()

	out := map[string]int{}
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			t.Fatal(err)
		}

		out[slug]++
	}

	return out
}

func superExec(t testing.TB, db string, stmts ...string) {
	t.Helper()

	for _, s := range stmts {
		if _, err := superDB(t, db).Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// pgLogSize and pgLogSince read the cluster's log from an offset, for counting what
// PostgreSQL logged during one test.
func pgLogSize(t testing.TB) int64 {
	fi, err := os.Stat(needRig(t).LogFile)
	if err != nil {
		return 0
	}

	return fi.Size()
}

func pgLogSince(t testing.TB, offset int64) string {
	data, err := os.ReadFile(needRig(t).LogFile)
	if err != nil || int64(len(data)) < offset {
		return ""
	}

	return string(data[offset:])
}

// INV-2: stock only goes down through PATCH with If-Match (the contract has no reserve
// operation). 40 takers of 1, then of 1-3 units, from stock 10. Acknowledged takes plus
// the final stock must be exactly 10, never below 0; a take that would go below 0 is
// refused by validation (422, field stock): that is this contract's "out of stock".
// Two controls must report FAIL: the same clients without If-Match, and a
// check-then-act in SQL on a table without the CHECK constraint.
func TestINV2Stock(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)

	var check string
	err := superDB(t, s.DB).QueryRow(`SELECT pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = 'products'::regclass AND contype = 'c'
		AND pg_get_constraintdef(oid) LIKE '%stock >= 0%'`).Scan(&check)
	if err != nil {
		t.Errorf("schema: no CHECK (stock >= 0) on products: %v", err)
	}

	for i, tt := range []struct {
		name    string
		maxQty  int
		ifMatch bool
		wantOK  bool
	}{
		{"takers of 1", 1, true, true},
		{"takers of 1-3", 3, true, true},
		{"control: no If-Match", 1, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id := c.must(201, "POST", "/api/v1/products",
				f.productBody(fmt.Sprintf("stock-%d", i), f.vendors[0], "stock", 10)).ID()
			v := takeStock(t, c, "/api/v1/products/"+itoa(id), 40, tt.maxQty, tt.ifMatch)
			t.Logf("INV-2 %s: %s", tt.name, v)

			if v.ok() != tt.wantOK {
				t.Errorf("verdict %s, want ok=%t", v, tt.wantOK)
			}

			if tt.wantOK && v.FieldOther > 0 {
				t.Errorf("%d refusals that were not about stock", v.FieldOther)
			}
		})
	}

	t.Run("control: check-then-act without CHECK", func(t *testing.T) {
		v := sqlCheckThenAct(t, s.DB)
		t.Logf("INV-2 SQL control: %s", v)
		if v.ok() {
			t.Errorf("the naive check-then-act passed; the checker cannot fail")
		}
	})
}

// stockVerdict is INV-2's bookkeeping.
type stockVerdict struct {
	Start, Final, Taken int64
	Statuses            map[int]int
	FieldOther          int // 422s not about stock
}

func (v stockVerdict) ok() bool {
	if v.Final < 0 || v.Taken+v.Final != v.Start {
		return false
	}

	for st := range v.Statuses {
		if st != 200 && st != 412 && st != 422 {
			return false
		}
	}

	return true
}

func (v stockVerdict) String() string {
	verdict := "PASS"
	if !v.ok() {
		verdict = "FAIL"
	}

	return fmt.Sprintf("%s: start %d, acknowledged %d, final %d; statuses %v", verdict,
		v.Start, v.Taken, v.Final, v.Statuses)
}

// takeStock runs n takers behind a barrier; each reads the product and PATCHes stock
// to what it read minus its quantity, retrying after a 412, until it succeeds or is
// refused (stock would go below zero).
func takeStock(t *testing.T, c *client, path string, n, maxQty int,
	ifMatch bool) stockVerdict {
	var (
		mu      sync.Mutex
		v       = stockVerdict{Start: 10, Statuses: map[int]int{}}
		ready   sync.WaitGroup
		done    sync.WaitGroup
		barrier = make(chan struct{})
	)

	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()

			qty := 1 + i%maxQty
			for attempt := 0; attempt < 60; attempt++ {
				r := c.do("GET", path, nil)
				if attempt == 0 {
					ready.Done()
					<-barrier
				}

				stock := int64(r.JSON()["stock"].(float64))
				hdr := []string{}
				if ifMatch {
					hdr = []string{"If-Match", r.Header.Get("ETag")}
				}

				w := c.do("PATCH", path, map[string]any{"stock": stock - int64(qty)}, hdr...)

				mu.Lock()
				v.Statuses[w.Status]++
				if w.Status == 200 {
					v.Taken += int64(qty)
				}

				if w.Status == 422 && !strings.Contains(string(w.Body), `"stock"`) {
					v.FieldOther++
				}
				mu.Unlock()

				if w.Status != 412 {
					return
				}

				time.Sleep(time.Duration(rand.IntN(3*(attempt+1))) * time.Millisecond)
			}
		}()
	}

	ready.Wait()
	close(barrier)
	done.Wait()

	v.Final = int64(c.must(200, "GET", path, nil).JSON()["stock"].(float64))

	return v
}

// sqlCheckThenAct is the negative control of INV-2: a scratch copy of products without
// its CHECK, and 40 transactions that read the stock, decide, then subtract.
func sqlCheckThenAct(t *testing.T, db string) stockVerdict {
	superExec(t, db,
		"CREATE TABLE naive_stock AS SELECT 1 AS id, 10 AS stock",
		"ALTER TABLE naive_stock ADD PRIMARY KEY (id)")

	pool := superDB(t, db)
	pool.SetMaxOpenConns(20)
	defer pool.SetMaxOpenConns(0)

	v := stockVerdict{Start: 10, Statuses: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()

			took, err := naiveTake(pool)
			mu.Lock()
			defer mu.Unlock()

			switch {
			case err != nil:
				v.Statuses[500]++
			case took:
				v.Statuses[200]++
				v.Taken++
			default:
				v.Statuses[422]++
			}
		}()
	}
	wg.Wait()

	v.Final = columnInt(t, db, "SELECT stock FROM naive_stock WHERE id = 1")

	return v
}

func naiveTake(pool *sql.DB) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // rolled back only when not committed

	var stock int
	if err := tx.QueryRowContext(ctx, "SELECT stock FROM naive_stock WHERE id = 1").
		Scan(&stock); err != nil {
		return false, err
	}

	if stock < 1 {
		return false, nil
	}

	time.Sleep(5 * time.Millisecond) // the gap every check-then-act has
	if _, err := tx.ExecContext(ctx,
		"UPDATE naive_stock SET stock = stock - 1 WHERE id = 1"); err != nil {
		return false, err
	}

	return true, tx.Commit()
}
