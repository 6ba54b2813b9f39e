//go:build reliability

package reliability

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// OCC-1: two writers hold one ETag; the second write must fail with 412 instead of
// silently undoing the first. The control run shows the lost update If-Match prevents:
// a client that writes back its stale copy without If-Match erases the other's change.
func TestOCC1TwoWritersOneETag(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	id := c.must(201, "POST", "/api/v1/products", f.productBody("occ-one", f.vendors[0])).ID()
	path := "/api/v1/products/" + itoa(id)

	etagA := c.must(200, "GET", path, nil).Header.Get("ETag")
	etagB := c.must(200, "GET", path, nil).Header.Get("ETag")
	if etagA != `"v1"` || etagB != etagA {
		t.Fatalf("ETags %s and %s, want \"v1\" twice", etagA, etagB)
	}

	a := c.must(200, "PATCH", path, `{"name":"Name by A"}`, "If-Match", etagA)
	if a.Header.Get("ETag") != `"v2"` {
		t.Errorf("A's new ETag = %q, want \"v2\"", a.Header.Get("ETag"))
	}

	b := c.do("PATCH", path, `{"description":"Description by B"}`, "If-Match", etagB)
	if b.Status != 412 || b.Header.Get("ETag") != `"v2"` {
		t.Errorf("B: %s with ETag %q, want 412 naming the current \"v2\"", b,
			b.Header.Get("ETag"))
	}

	final := c.must(200, "GET", path, nil)
	if final.JSON()["name"] != "Name by A" || final.Header.Get("ETag") != `"v2"` {
		t.Errorf("final %s, ETag %s: want A's name at v2", final.Body, final.Header.Get("ETag"))
	}

	if v := columnInt(t, s.DB, "SELECT version FROM products WHERE id = $1", id); v != 2 {
		t.Errorf("version = %d, want 2 (+1 exactly)", v)
	}

	// Control: B writes back its stale copy (PUT, no If-Match), the naive client.
	stale := f.productBody("occ-one", f.vendors[0], "description", "Description by B")
	c.must(200, "PUT", path, stale)
	if got := c.must(200, "GET", path, nil).JSON()["name"]; got == "Name by A" {
		t.Errorf("control: A's name survived a blind overwrite; the test cannot fail")
	}
}

// OCC-2: 20 clients each add their own tag by read-modify-write from one version,
// retrying on 412. With If-Match every change lands exactly once; the control run
// without If-Match loses some, which the same set checker reports.
func TestOCC2NWayRace(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)

	run := func(slug string, ifMatch bool) (setResult, []event, int64) {
		id := c.must(201, "POST", "/api/v1/products", f.productBody(slug, f.vendors[0])).ID()
		h := tagRace(t, c, "/api/v1/products/"+itoa(id), 20, ifMatch)

		tags := c.must(200, "GET", "/api/v1/products/"+itoa(id), nil).JSON()["tags"]
		present := map[string]int{}
		for _, tag := range tags.([]any) {
			present[tag.(string)]++
		}

		v := columnInt(t, s.DB, "SELECT version FROM products WHERE id = $1", id)

		return checkSet(h.all(), present), h.all(), v
	}

	res, events, version := run("occ-race", true)
	oks, statuses := 0, map[int]int{}
	for _, e := range events {
		statuses[e.Status]++
		if e.outcome() == "ok" {
			oks++
		}
	}

	t.Logf("OCC-2 with If-Match: %s; statuses %v; final version %d", res, statuses, version)
	if !res.ok() || res.Acknowledged != 20 || len(res.Indeterminate) != 0 {
		t.Errorf("set-full: %s", res)
	}

	if oks != 20 || version != 21 {
		t.Errorf("%d 2xx and version %d, want exactly 20 and v1+20", oks, version)
	}

	for st, n := range statuses {
		if st != 200 && st != 412 {
			t.Errorf("%d answers with status %d; only 200 and 412 are allowed", n, st)
		}
	}

	control, _, _ := run("occ-race-control", false)
	t.Logf("OCC-2 control without If-Match: %s", control)
	if len(control.Lost) == 0 {
		t.Errorf("control: no lost update without If-Match; the test cannot fail")
	}
}

// tagRace starts n clients behind a barrier; client i reads the product, adds tag
// "t<i>" to what it read and PATCHes the list back, with the version it read as
// If-Match when ifMatch is set, retrying up to 10 times after a 412.
func tagRace(t *testing.T, c *client, path string, n int, ifMatch bool) *history {
	h := newHistory()
	var ready, done sync.WaitGroup
	start := make(chan struct{})

	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()

			tag := fmt.Sprintf("t%02d", i)
			first := true
			for attempt := 0; attempt <= 10; attempt++ {
				r := c.do("GET", path, nil)
				if first {
					ready.Done()
					<-start
					first = false
				}

				body := map[string]any{"tags": append(tagsOf(r), tag)}
				var hdr []string
				if ifMatch {
					hdr = []string{"If-Match", r.Header.Get("ETag")}
				}

				w := h.record("add", tag, func() reply { return c.do("PATCH", path, body, hdr...) })
				if w.Status != 412 {
					return
				}

				time.Sleep(backoff(attempt))
			}
		}()
	}

	ready.Wait()
	close(start)
	done.Wait()

	return h
}

// backoff is a client's wait before retry attempt+1: exponential with full jitter
// (0 to 5 ms x 2^attempt, at most 400 ms), so losers of a race spread out instead of
// colliding again in step.
func backoff(attempt int) time.Duration {
	ceiling := min(5*time.Millisecond<<attempt, 400*time.Millisecond)

	return time.Duration(rand.Int64N(int64(ceiling)))
}

func tagsOf(r reply) []string {
	var out []string
	list, _ := r.JSON()["tags"].([]any)
	for _, tag := range list {
		out = append(out, tag.(string))
	}

	return out
}

// OCC-3: the conditional-request matrix, for each of the three resources.
func TestOCC3ConditionalRequests(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	n := 0

	resources := []struct {
		name   string
		create func() map[string]any
		patch  string
	}{
		{"products", func() map[string]any {
			n++

			return f.productBody(fmt.Sprintf("occ3-%d", n), f.vendors[0])
		}, `{"description":"changed"}`},
		{"categories", func() map[string]any {
			n++

			return map[string]any{"name": fmt.Sprintf("Occ3 %d", n), "parent_id": f.category}
		}, `{"description":"changed"}`},
		{"vendors", func() map[string]any {
			n++

			return map[string]any{"name": fmt.Sprintf("Occ3 %d", n),
				"email": fmt.Sprintf("occ3-%d@example.com", n)}
		}, `{"description":"changed"}`},
	}

	for _, res := range resources {
		t.Run(res.name, func(t *testing.T) {
			base := "/api/v1/" + res.name + "/"
			mk := func() (string, reply) {
				r := c.must(201, "POST", "/api/v1/"+res.name, res.create())

				return base + itoa(r.ID()), r
			}

			conditionalMatrix(t, c, mk, res.create, res.patch, base)
		})
	}
}

func conditionalMatrix(t *testing.T, c *client, mk func() (string, reply),
	body func() map[string]any, patch, base string) {
	expect := func(what string, r reply, want int) {
		t.Helper()

		if r.Status != want {
			t.Errorf("%s: %s, want %d", what, r, want)
		}
	}

	p, _ := mk()
	expect("PATCH without If-Match", c.do("PATCH", p, patch), 200)
	expect("PUT without If-Match", c.do("PUT", p, body()), 200)
	expect("DELETE without If-Match", c.do("DELETE", p, nil), 204)

	p, _ = mk()
	expect("PATCH If-Match * (exists)", c.do("PATCH", p, patch, "If-Match", "*"), 200)
	expect("PUT If-Match * (exists)", c.do("PUT", p, body(), "If-Match", "*"), 200)
	missing := base + "999999999"
	expect("PATCH If-Match * (missing)", c.do("PATCH", missing, patch, "If-Match", "*"), 412)
	expect("PUT If-Match * (missing)", c.do("PUT", missing, body(), "If-Match", "*"), 412)
	expect("DELETE If-Match * (missing)", c.do("DELETE", missing, nil, "If-Match", "*"), 412)

	// p is at v3 now.
	expect("PATCH If-Match W/\"v3\"", c.do("PATCH", p, patch, "If-Match", `W/"v3"`), 412)
	expect("PATCH If-Match \"v1\", \"v3\"", c.do("PATCH", p, patch, "If-Match",
		`"v1", "v3"`), 200)

	cur := c.must(200, "GET", p, nil).Header.Get("ETag")
	nm := c.do("GET", p, nil, "If-None-Match", cur)
	if nm.Status != 304 || len(nm.Body) != 0 || nm.Header.Get("ETag") != cur {
		t.Errorf("GET If-None-Match current: %d, body %q, ETag %q; want 304, empty, %s",
			nm.Status, nm.Body, nm.Header.Get("ETag"), cur)
	}

	expect("GET If-None-Match stale", c.do("GET", p, nil, "If-None-Match", `"v1"`), 200)
	expect("DELETE stale ETag", c.do("DELETE", p, nil, "If-Match", `"v1"`), 412)
	expect("row still there after the stale DELETE", c.do("GET", p, nil), 200)
	expect("DELETE current ETag", c.do("DELETE", p, nil, "If-Match", cur), 204)
	if r := c.do("GET", p, nil); r.Status != 404 {
		t.Errorf("after the DELETE: %s, want 404", r)
	}
}
