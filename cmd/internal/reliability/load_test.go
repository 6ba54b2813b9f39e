//go:build reliability

package reliability

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// load is DBF-1's client mix: half the clients create products (each with a fresh
// slug, the key of the set check), half GET existing ones; a prober asks /ready every
// 100 ms. Every answer goes into one history.
type load struct {
	c        *client
	h        *history
	f        fixture
	products []int64
	prefix   string

	seq  atomic.Int64
	stop chan struct{}
	wg   sync.WaitGroup

	mu    sync.Mutex
	marks map[string]time.Duration
}

func startLoad(t *testing.T, c *client, f fixture, products []int64, prefix string,
	clients int) *load {
	l := &load{c: c, h: newHistory(), f: f, products: products, prefix: prefix,
		stop: make(chan struct{}), marks: map[string]time.Duration{}}

	for i := range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()

			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for l.running() {
				if i%2 == 0 {
					l.create()
				} else {
					l.get(rng)
				}
			}
		}()
	}

	l.wg.Add(1)
	go func() {
		defer l.wg.Done()

		for l.running() {
			l.h.record("ready", "", func() reply { return c.do("GET", "/ready", nil) })
			time.Sleep(100 * time.Millisecond)
		}
	}()

	return l
}

func (l *load) running() bool {
	select {
	case <-l.stop:
		return false
	default:
		return true
	}
}

func (l *load) create() {
	slug := fmt.Sprintf("%s-%d", l.prefix, l.seq.Add(1))
	body := l.f.productBody(slug, l.f.vendors[0])
	r := l.h.record("add", slug, func() reply { return l.c.do("POST", "/api/v1/products", body) })
	if r.Status == 503 || r.Err != nil {
		time.Sleep(5 * time.Millisecond) // a real client backs off a little
	}
}

func (l *load) get(rng *rand.Rand) {
	id := l.products[rng.IntN(len(l.products))]
	r := l.h.record("get", itoa(id), func() reply {
		return l.c.do("GET", "/api/v1/products/"+itoa(id), nil)
	})
	if r.Status == 503 || r.Err != nil {
		time.Sleep(5 * time.Millisecond)
	}
}

// mark notes when something happened, on the history's clock.
func (l *load) mark(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.marks[name] = time.Since(l.h.start)
}

func (l *load) at(name string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()

	return l.marks[name]
}

func (l *load) halt() {
	close(l.stop)
	l.wg.Wait()
}

// sleepUntil waits until d after the history began.
func (l *load) sleepUntil(d time.Duration) {
	time.Sleep(time.Until(l.h.start.Add(d)))
}

// window selects events invoked at or after from and completed before to.
func window(events []event, from, to time.Duration, ops ...string) []event {
	var out []event
	for _, e := range events {
		in := e.InvokeNS >= int64(from) && e.CompleteNS < int64(to)
		if in && (len(ops) == 0 || slices.Contains(ops, e.Op)) {
			out = append(out, e)
		}
	}

	return out
}

// firstAfter is the completion of the first event of op after from with a status in
// want, relative to from; -1 when none.
func firstAfter(events []event, op string, from time.Duration, want ...int) time.Duration {
	best := time.Duration(-1)
	for _, e := range events {
		if e.Op != op || e.InvokeNS < int64(from) || !slices.Contains(want, e.Status) {
			continue
		}

		d := time.Duration(e.CompleteNS) - from
		if best < 0 || d < best {
			best = d
		}
	}

	return best
}

func statusCount(events []event) map[string]map[int]int {
	out := map[string]map[int]int{}
	for _, e := range events {
		if out[e.Op] == nil {
			out[e.Op] = map[int]int{}
		}

		out[e.Op][e.Status]++
	}

	return out
}

// seedProducts creates n products for the GET half of the load.
func seedProducts(t *testing.T, c *client, f fixture, n int) []int64 {
	var ids []int64
	for i := range n {
		body := f.productBody(fmt.Sprintf("seed-%d", i), f.vendors[0])
		ids = append(ids, c.must(201, "POST", "/api/v1/products", body).ID())
	}

	return ids
}

// settle is DBF-1's leak check, 10 s after the load: no connection in use, the pool
// within its cap, the database's view agreeing, and goroutines back near baseline.
func settle(t *testing.T, s *server, c *client, baseline int) {
	c.hc.Transport.(*http.Transport).CloseIdleConnections()
	time.Sleep(10 * time.Second)

	inUse, open, waits := s.stats()
	sessions := appSessions(t, s.DB)
	runtime.GC()
	goroutines := runtime.NumGoroutine()
	t.Logf("after 10 s: pool in use %d, open %d, waits %d; sessions %v; goroutines %d "+
		"(baseline %d)", inUse, open, waits, sessions, goroutines, baseline)

	if inUse != 0 || open > 10 || total(sessions) > 10 {
		t.Errorf("pool in use %d, open %d, sessions %d: want 0, <= 10, <= 10", inUse, open,
			total(sessions))
	}

	if goroutines > baseline+5 {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Errorf("%d goroutines, baseline %d: leak?\n%s", goroutines, baseline, buf[:n])
	}
}

// goroutineBaseline counts goroutines once the client's idle connections are gone.
func goroutineBaseline(c *client) int {
	c.hc.Transport.(*http.Transport).CloseIdleConnections()
	time.Sleep(200 * time.Millisecond)
	runtime.GC()

	return runtime.NumGoroutine()
}
