//go:build reliability

package reliability

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// SHUT-1: SIGTERM with 5 requests in flight (each held 1.5 s by a row lock) and 2 idle
// keep-alive connections. Readiness fails at once while /health stays up, the listener
// stays open for the drain delay and then refuses, every request finishes 200, the
// process exits 0 in time and leaves no session behind.
func TestSHUT1GracefulDrain(t *testing.T) {
	db := freshDB(t)
	p := runBinary(t, binaryEnv(t, db))
	c := newClient(t, p.URL, 10*time.Second)
	f := newFixture(t, c, 1)
	ids := seedProducts(t, c, f, 5)
	addr := strings.TrimPrefix(p.URL, "http://")

	idle := []net.Conn{keepAlive(t, addr), keepAlive(t, addr)}
	release := lockProducts(t, db, ids)

	inflight := make([]reply, len(ids))
	var wg sync.WaitGroup
	started := time.Now()
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inflight[i] = c.do("PATCH", "/api/v1/products/"+itoa(id), `{"stock": 9}`)
		}()
	}

	if !waitFor(2*time.Second, func() bool { return waitingOnLock(t, db) == 5 }) {
		t.Fatalf("the 5 requests are not in flight")
	}

	go func() {
		time.Sleep(time.Until(started.Add(1500 * time.Millisecond)))
		release()
	}()

	closedAt := watchClose(idle)
	sig := p.signal(t, syscall.SIGTERM)
	readyFailed := pollUntil(c, "/ready", 503, 2*time.Second)
	health := c.do("GET", "/health", nil)
	open, refused := dialWindow(addr, 3*time.Second)

	wg.Wait()
	code := p.wait(5 * time.Second)
	exitAfter := p.exitAt.Sub(sig)
	time.Sleep(time.Second)
	sessions := appSessions(t, db)
	closed := closedAt()

	t.Logf("SHUT-1: /ready 503 after %s, /health %d; dials accepted until %s, refused "+
		"from %s; idle keep-alives closed after %v; exit %d after %s; sessions 1 s "+
		"later %v", readyFailed.Sub(sig), health.Status, open.Sub(sig), refused.Sub(sig),
		since(closed, sig), code, exitAfter, sessions)

	if readyFailed.IsZero() || readyFailed.Sub(sig) > 100*time.Millisecond {
		t.Errorf("/ready failed %s after SIGTERM, want within 100 ms", readyFailed.Sub(sig))
	}

	if health.Status != 200 {
		t.Errorf("/health while draining: %s", health)
	}

	if open.Sub(sig) < 900*time.Millisecond || refused.IsZero() ||
		refused.Sub(sig) > 1500*time.Millisecond {
		t.Errorf("listener open until %s and refusing from %s after SIGTERM; want open "+
			"for the 1 s drain delay, then refusing", open.Sub(sig), refused.Sub(sig))
	}

	for i, r := range inflight {
		if r.Status != 200 {
			t.Errorf("in-flight request %d: %s, want 200", i, r)
		}
	}

	for i, at := range closed {
		if at.IsZero() || at.Before(sig) || at.After(p.exitAt) {
			t.Errorf("idle keep-alive %d closed at %v, want between SIGTERM and exit", i,
				since([]time.Time{at}, sig))
		}
	}

	// drain delay + longest handler + 1 s
	if code != 0 || exitAfter > 1*time.Second+1500*time.Millisecond+time.Second {
		t.Errorf("exit %d after %s; want 0 within 3.5 s\n%s", code, exitAfter, p.output())
	}

	if strings.Contains(p.output(), "Server closed") || strings.Contains(p.output(),
		`"level":"ERROR"`) {
		t.Errorf("a clean shutdown logged an error:\n%s", p.output())
	}

	if total(sessions) != 0 {
		t.Errorf("sessions left 1 s after exit: %v", sessions)
	}
}

// keepAlive opens a connection, completes one request on it and leaves it idle.
func keepAlive(t *testing.T, addr string) net.Conn {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })

	fmt.Fprintf(conn, "GET /health HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	br := bufio.NewReader(conn)
	status, err := br.ReadString('\n')
	if err != nil || !strings.Contains(status, "200") {
		t.Fatalf("keep-alive request: %q %v", status, err)
	}

	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}

		if line == "\r\n" {
			break
		}
	}

	_, _ = br.Discard(br.Buffered())

	return conn
}

// watchClose records when the server closes each connection; the returned function
// reads the times seen so far.
func watchClose(conns []net.Conn) func() []time.Time {
	out := make([]time.Time, len(conns))
	var mu sync.Mutex
	for i, conn := range conns {
		go func() {
			_, _ = io.Copy(io.Discard, conn)
			mu.Lock()
			out[i] = time.Now()
			mu.Unlock()
		}()
	}

	return func() []time.Time {
		mu.Lock()
		defer mu.Unlock()

		return slices.Clone(out)
	}
}

func since(times []time.Time, from time.Time) []time.Duration {
	var out []time.Duration
	for _, at := range times {
		if at.IsZero() {
			out = append(out, -1)

			continue
		}

		out = append(out, at.Sub(from).Round(time.Millisecond))
	}

	return out
}

// pollUntil asks path every 10 ms until it answers want; it returns when, or zero.
func pollUntil(c *client, path string, want int, d time.Duration) time.Time {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		r := c.do("GET", path, nil)
		if r.Status == want {
			return time.Now()
		}

		time.Sleep(10 * time.Millisecond)
	}

	return time.Time{}
}

// dialWindow dials every 50 ms for up to d: the last accepted dial and the first
// refused one.
func dialWindow(addr string, d time.Duration) (lastOpen, firstRefused time.Time) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return lastOpen, time.Now()
		}

		_ = conn.Close()
		lastOpen = time.Now()
		time.Sleep(50 * time.Millisecond)
	}

	return lastOpen, time.Time{}
}

// lockProducts holds row locks on ids in a superuser transaction until release.
func lockProducts(t *testing.T, db string, ids []int64) (release func()) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tx, err := superDB(t, db).BeginTx(ctx, nil)
	if err != nil {
		cancel()
		t.Fatal(err)
	}

	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "SELECT 1 FROM products WHERE id = $1 FOR UPDATE",
			id); err != nil {
			cancel()
			t.Fatal(err)
		}
	}

	var once sync.Once
	release = func() {
		once.Do(func() {
			_ = tx.Rollback()
			cancel()
		})
	}
	t.Cleanup(release)

	return release
}

// SHUT-2: a handler that ignores its context for 60 s, a 10 s shutdown budget.
// Shutdown gives up at 10 s (+ the 1 s drain delay), the server closes, the process
// exits non-zero and says why, and the database is not left running its query.
func TestSHUT2DrainTimeout(t *testing.T) {
	db := freshDB(t)
	env := binaryEnv(t, db)
	env["DB_STATEMENT_TIMEOUT"] = "120s" // above the role's 3 s: the sleep must run on
	p := runBinary(t, env)
	c := newClient(t, p.URL, 90*time.Second)

	stalled := make(chan reply, 1)
	go func() { stalled <- c.do("GET", "/_test/stall?seconds=60", nil) }()

	if !waitFor(3*time.Second, func() bool { return sleeping(t, db) > 0 }) {
		t.Fatalf("the stalled handler never reached the database\n%s", p.output())
	}

	sig := p.signal(t, syscall.SIGTERM)
	code := p.wait(15 * time.Second)
	exitAfter := p.exitAt.Sub(sig)
	// The backend learns that its client is gone at its next client check
	// (DB_CLIENT_CHECK_INTERVAL, 1 s): allow two.
	var left int64
	waitFor(2*time.Second, func() bool { left = sleeping(t, db); return left == 0 })
	gone := time.Since(p.exitAt)

	t.Logf("SHUT-2: exit %d after %s; pg_sleep sessions %s after exit: %d; stderr %q",
		code, exitAfter, gone.Round(time.Millisecond), left, p.stderr)

	// Shutdown starts after the 1 s drain delay and gives up 10 s later.
	if exitAfter < 10500*time.Millisecond || exitAfter > 11500*time.Millisecond {
		t.Errorf("exit %s after SIGTERM, want 11 s +- 0.5 s (drain 1 s + budget 10 s)",
			exitAfter)
	}

	if code == 0 || !strings.Contains(p.stderr.String(), "deadline exceeded") {
		t.Errorf("exit code %d, stderr %q: want non-zero, saying the budget ran out", code,
			p.stderr)
	}

	if left != 0 {
		t.Errorf("%d pg_sleep queries of the stopped server still run", left)
	}

	select {
	case r := <-stalled:
		t.Logf("the stalled request ended with %s", r)
	case <-time.After(time.Second):
		t.Errorf("the stalled request's connection is still open after exit")
	}
}

// sleeping counts pg_sleep queries of the service running on db.
func sleeping(t *testing.T, db string) int64 {
	return columnInt(t, "postgres", `SELECT count(*) FROM pg_stat_activity WHERE datname = $1
		AND application_name = $2 AND state = 'active' AND query LIKE '%pg_sleep%'`, db,
		appName)
}
