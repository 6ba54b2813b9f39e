//go:build reliability

package reliability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// cycleRows is the path-array cycle detector: every category walks up its ancestors,
// carrying the ids it has passed; meeting one again is a cycle.
const cycleRows = `WITH RECURSIVE walk(id, parent_id, path, cycle) AS (
	SELECT id, parent_id, ARRAY[id], false FROM categories
	UNION ALL
	SELECT w.id, c.parent_id, w.path || c.id, c.id = ANY(w.path)
	FROM walk w JOIN categories c ON c.id = w.parent_id
	WHERE NOT w.cycle)
SELECT count(*) FROM walk WHERE cycle`

// INV-3: 200 rounds of "A under B" against "B under A" behind a barrier, then random
// moves by 8 clients; the tree never gets a cycle, and every refusal is a 422.
func TestINV3AcyclicTree(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)

	newCat := func(name string, parent any) int64 {
		return c.must(201, "POST", "/api/v1/categories",
			map[string]any{"name": name, "parent_id": parent}).ID()
	}

	a, b := newCat("Tree A", nil), newCat("Tree B", nil)
	statuses := map[int]int{}
	for round := range 200 {
		ra, rb := movePair(c, a, b)
		statuses[ra.Status]++
		statuses[rb.Status]++

		if n := columnInt(t, s.DB, cycleRows); n != 0 {
			t.Fatalf("round %d: %d categories on a cycle (%s / %s)", round, n, ra, rb)
		}

		if ra.Status == rb.Status {
			t.Errorf("round %d: both moves got %d; want one 200 and one 422", round,
				ra.Status)
		}

		for _, r := range []reply{ra, rb} {
			if r.Status != 200 && !(r.Status == 422 && strings.Contains(string(r.Body),
				"cycle")) {
				t.Errorf("round %d: %s; want 200, or 422 saying it would create a cycle",
					round, r)
			}
		}

		c.must(200, "PATCH", "/api/v1/categories/"+itoa(a), `{"parent_id":null}`)
		c.must(200, "PATCH", "/api/v1/categories/"+itoa(b), `{"parent_id":null}`)
	}

	t.Logf("INV-3 pair rounds: statuses %v", statuses)

	ids := []int64{a, b}
	for i := range 10 {
		ids = append(ids, newCat(fmt.Sprintf("Tree %d", i), nil))
	}

	random := randomMoves(t, c, s.DB, ids)
	t.Logf("INV-3 random moves: statuses %v", random)
	if random[500]+random[503]+random[409] > 0 {
		t.Errorf("random moves: %v; only 200 and 422 are allowed", random)
	}
}

// movePair sends "a under b" and "b under a" at the same moment.
func movePair(c *client, a, b int64) (reply, reply) {
	var ra, rb reply
	var wg sync.WaitGroup
	start := make(chan struct{})
	wg.Add(2)
	go func() {
		defer wg.Done()
		<-start
		ra = c.do("PATCH", "/api/v1/categories/"+itoa(a), map[string]any{"parent_id": b})
	}()
	go func() {
		defer wg.Done()
		<-start
		rb = c.do("PATCH", "/api/v1/categories/"+itoa(b), map[string]any{"parent_id": a})
	}()
	close(start)
	wg.Wait()

	return ra, rb
}

// randomMoves runs 8 clients x 40 rounds of random moves (a random new parent, or a
// root), checking for cycles after every round.
func randomMoves(t *testing.T, c *client, db string, ids []int64) map[int]int {
	statuses := map[int]int{}
	var mu sync.Mutex
	for round := range 40 {
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()

				rng := rand.New(rand.NewPCG(uint64(round), uint64(w)))
				id := ids[rng.IntN(len(ids))]
				var parent any = ids[rng.IntN(len(ids))]
				if rng.IntN(4) == 0 {
					parent = nil
				}

				r := c.do("PATCH", "/api/v1/categories/"+itoa(id),
					map[string]any{"parent_id": parent})
				mu.Lock()
				statuses[r.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()

		if n := columnInt(t, db, cycleRows); n != 0 {
			t.Fatalf("random round %d: %d categories on a cycle", round, n)
		}
	}

	return statuses
}

// INV-3, the fixed rules: self-parenting, moving under a descendant and going deeper
// than the limit are 422; deleting a category with children or products is 409.
func TestINV3TreeRules(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)

	chain := []int64{}
	var parent any
	for i := range 10 {
		id := c.must(201, "POST", "/api/v1/categories",
			map[string]any{"name": fmt.Sprintf("Level %d", i+1), "parent_id": parent}).ID()
		chain = append(chain, id)
		parent = id
	}

	root, leaf := chain[0], chain[len(chain)-1]
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		want   int
	}{
		{"self-parenting", "PATCH", "/api/v1/categories/" + itoa(root),
			map[string]any{"parent_id": root}, 422},
		{"under a descendant", "PATCH", "/api/v1/categories/" + itoa(root),
			map[string]any{"parent_id": leaf}, 422},
		{"an 11th level", "POST", "/api/v1/categories",
			map[string]any{"name": "Level 11", "parent_id": leaf}, 422},
		{"delete with children", "DELETE", "/api/v1/categories/" + itoa(root), nil, 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(tt.method, tt.path, tt.body)
			if r.Status != tt.want {
				t.Errorf("%s", r)
			}
		})
	}

	v := c.must(201, "POST", "/api/v1/vendors",
		map[string]any{"name": "Tree vendor", "email": "tree@example.com"}).ID()
	c.must(201, "POST", "/api/v1/products", map[string]any{"name": "On a leaf",
		"price": "1.00", "category_id": leaf, "vendor_id": v})
	if r := c.do("DELETE", "/api/v1/categories/"+itoa(leaf), nil); r.Status != 409 {
		t.Errorf("delete with products: %s, want 409", r)
	}
}

// The INV-3 detector can fail: the write skew the use case's tree lock prevents, done
// by hand in SQL. Two transactions each check that their move makes no cycle, each
// sees the old tree, both update and commit, and the detector must find the cycle.
func TestINV3DetectorCatchesWriteSkew(t *testing.T) {
	db := freshDB(t)
	pool := superDB(t, db)
	superExec(t, db, "INSERT INTO categories (name, slug) VALUES ('A', 'skew-a'), "+
		"('B', 'skew-b')")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	id := func(slug string) int64 {
		return columnInt(t, db, "SELECT id FROM categories WHERE slug = $1", slug)
	}
	a, b := id("skew-a"), id("skew-b")

	// The naive check: is the new parent a descendant of the moved row?
	const isDescendant = `WITH RECURSIVE up(id) AS (SELECT $1::bigint UNION
		SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
		WHERE c.parent_id IS NOT NULL) SELECT count(*) FROM up WHERE id = $2`

	tx1, err := pool.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx1.Rollback() //nolint:errcheck // committed below

	tx2, err := pool.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Rollback() //nolint:errcheck // committed below

	var n1, n2 int
	_ = tx1.QueryRowContext(ctx, isDescendant, b, a).Scan(&n1) // A under B: is A above B?
	_ = tx2.QueryRowContext(ctx, isDescendant, a, b).Scan(&n2) // B under A: is B above A?
	if n1 != 0 || n2 != 0 {
		t.Fatalf("both checks should pass on the old tree: %d %d", n1, n2)
	}

	_, err1 := tx1.ExecContext(ctx, "UPDATE categories SET parent_id = $1 WHERE id = $2", b, a)
	_, err2 := tx2.ExecContext(ctx, "UPDATE categories SET parent_id = $1 WHERE id = $2", a, b)
	if err1 != nil || err2 != nil || tx1.Commit() != nil || tx2.Commit() != nil {
		t.Fatalf("naive moves: %v %v", err1, err2)
	}

	if n := columnInt(t, db, cycleRows); n == 0 {
		t.Errorf("the detector found no cycle after a write skew made one")
	}
}

// INV-4: 20 concurrent creates of one slug, and of one vendor email in different
// cases: one 201, nineteen 409 problem+json that name neither constraint nor SQLSTATE
// (the client's ERR-1 check reads every body). Slugs are lower-case by rule, so a
// case variant of a slug is a 422, not a second row.
func TestINV4UniqueUnderRace(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)

	race := func(name string, body func(i int) any, path string) {
		t.Run(name, func(t *testing.T) {
			statuses := map[int]int{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					r := c.do("POST", path, body(i))
					mu.Lock()
					statuses[r.Status]++
					mu.Unlock()
				}()
			}
			close(start)
			wg.Wait()

			t.Logf("INV-4 %s: %v", name, statuses)
			if statuses[201] != 1 || statuses[409] != 19 {
				t.Errorf("statuses %v, want one 201 and nineteen 409", statuses)
			}
		})
	}

	race("product slug", func(int) any { return f.productBody("contested", f.vendors[0]) },
		"/api/v1/products")
	race("category slug", func(i int) any {
		return map[string]any{"name": fmt.Sprint("Contested ", i), "slug": "contested"}
	}, "/api/v1/categories")
	race("vendor email, any case", func(i int) any {
		email := "Contested@Example.com"
		if i%2 == 1 {
			email = strings.ToLower(email)
		}

		return map[string]any{"name": fmt.Sprint("Contested ", i), "email": email}
	}, "/api/v1/vendors")

	upper := f.productBody("Contested", f.vendors[0])
	if r := c.do("POST", "/api/v1/products", upper); r.Status != 422 {
		t.Errorf("upper-case slug: %s, want 422", r)
	}

	n := columnInt(t, s.DB, "SELECT count(*) FROM products WHERE lower(slug) = 'contested'")
	m := columnInt(t, s.DB, "SELECT count(*) FROM vendors WHERE lower(email) = "+
		"'contested@example.com'")
	if n != 1 || m != 1 {
		t.Errorf("%d products and %d vendors for the contested values, want 1 each", n, m)
	}

	t.Run("derived slugs of one name", func(t *testing.T) {
		derivedSlugRace(t, c, f)
	})
}

// derivedSlugRace: 20 concurrent creates with one name and no slug all succeed, each
// with its own derived slug; the client did not choose the slug, so no 409.
func derivedSlugRace(t *testing.T, c *client, f fixture) {
	var mu sync.Mutex
	slugs := map[string]int{}
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			body := f.productBody("", f.vendors[0], "name", "Same Name")
			delete(body, "slug")
			r := c.do("POST", "/api/v1/products", body)
			mu.Lock()
			defer mu.Unlock()

			statuses[r.Status]++
			if slug, ok := r.JSON()["slug"].(string); ok && r.Status == 201 {
				slugs[slug]++
			}
		}()
	}
	close(start)
	wg.Wait()

	t.Logf("INV-4 derived slugs: statuses %v, %d distinct slugs", statuses, len(slugs))
	if statuses[201] != 20 || len(slugs) != 20 {
		t.Errorf("statuses %v and %d distinct slugs, want 20 creates with 20 slugs",
			statuses, len(slugs))
	}
}
