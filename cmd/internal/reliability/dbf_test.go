//go:build reliability

package reliability

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DBF-1: restart at 6 s, stop at 15 s, start 8 s later, 8 s more, under 8 clients.
func TestDBF1RestartAndStopUnderLoad(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	products := seedProducts(t, c, f, 20)
	baseline := goroutineBaseline(c)
	rig := needRig(t)

	l := startLoad(t, c, f, products, "dbf1", 8)
	l.sleepUntil(6 * time.Second)
	l.mark("restart")
	if err := rig.Restart(); err != nil {
		t.Fatalf("restart: %v", err)
	}
	l.mark("restarted")

	l.sleepUntil(15 * time.Second)
	l.mark("stop")
	if err := rig.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	l.mark("stopped")

	time.Sleep(8 * time.Second)
	l.mark("start")
	if err := rig.Start(); err != nil {
		t.Fatalf("start: %v", err)
	}
	l.mark("started")

	time.Sleep(8 * time.Second)
	l.halt()

	events := l.h.all()
	t.Logf("DBF-1 marks %v; statuses %v; history %s", l.marks, statusCount(events),
		l.h.save(t, "dbf1"))
	checkOutage(t, events, l.at("stopped"), l.at("start"))
	checkStatuses(t, events)
	checkRecovery(t, events, l, "stop", "stopped", "started")
	checkCreates(t, s, events, "dbf1-%")
	settle(t, s, c, baseline)
}

// checkOutage: while the database is down, every answer is a fast 503 (the client's
// ERR-1 check has already seen each one carry problem+json and Retry-After).
func checkOutage(t *testing.T, events []event, from, to time.Duration) {
	outage := window(events, from, to, "add", "get")
	var ds []time.Duration
	bad := map[int]int{}
	for _, e := range outage {
		ds = append(ds, e.latency())
		if e.Status != 503 {
			bad[e.Status]++
		}
	}

	lat := summarize(ds)
	t.Logf("outage: %d requests, latency %s, non-503 %v", len(outage), lat, bad)
	if len(outage) == 0 || len(bad) > 0 {
		t.Errorf("outage: %d requests, non-503 answers %v; want only 503", len(outage), bad)
	}

	if lat.P99 >= 100*time.Millisecond {
		t.Errorf("outage p99 %s, want < 100 ms", lat.P99)
	}
}

// checkStatuses: nothing but 2xx, 503 and the expected 404/409, and no client timeout.
func checkStatuses(t *testing.T, events []event) {
	for _, e := range events {
		ok := e.Status >= 200 && e.Status < 300
		if !ok && e.Status != 503 && e.Status != 404 && e.Status != 409 {
			t.Errorf("%s %s at %s: status %d", e.Op, e.Key,
				time.Duration(e.InvokeNS).Round(time.Millisecond), e.Status)
		}
	}
}

// checkRecovery: /ready fails within 1 s of the stop, passes within 2 s of the start,
// and requests succeed again within 2 s of it.
func checkRecovery(t *testing.T, events []event, l *load, down, isDown, up string) {
	notReady := firstAfter(events, "ready", l.at(down), 503)
	if notReady < 0 || time.Duration(l.at(down))+notReady > l.at(isDown)+time.Second {
		t.Errorf("/ready: first 503 %s after %q (down at %s), want within 1 s of it",
			notReady, down, l.at(isDown)-l.at(down))
	}

	ready := firstAfter(events, "ready", l.at(up), 200)
	first := firstAfter(events, "get", l.at(up), 200)
	firstCreate := firstAfter(events, "add", l.at(up), 201)
	t.Logf("after %q: /ready 200 in %s, first GET 200 in %s, first 201 in %s", up, ready,
		first, firstCreate)
	if ready < 0 || ready > 2*time.Second {
		t.Errorf("/ready back after %s, want within 2 s", ready)
	}

	if first < 0 || first > 2*time.Second || firstCreate < 0 || firstCreate > 2*time.Second {
		t.Errorf("first 2xx after %s (GET) and %s (create), want within 2 s", first,
			firstCreate)
	}
}

// checkCreates is set-full over the creates: no acknowledged create lost, and every
// create present without an acknowledgement got a 5xx or a timeout.
func checkCreates(t *testing.T, s *server, events []event, pattern string) {
	res := checkSet(events, presentSlugs(t, s.DB, pattern))
	t.Logf("creates: %s", res)
	if !res.ok() {
		t.Errorf("set-full: %s; lost %v, rejected-present %v", res, res.Lost, res.Rejected)
	}
}

// DBF-2: the database hangs (SIGSTOP) for 8 s under the same load. No request outlives
// its 2 s deadline by more than 250 ms, every failure is a 503, and service resumes
// within 2 s of SIGCONT.
func TestDBF2HungDatabase(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	products := seedProducts(t, c, f, 20)
	baseline := goroutineBaseline(c)
	rig := needRig(t)

	l := startLoad(t, c, f, products, "dbf2", 8)
	l.sleepUntil(4 * time.Second)
	l.mark("freeze")
	pids, err := rig.Freeze()
	if err != nil {
		t.Fatalf("freeze: %v", err)
	}
	l.mark("frozen")

	time.Sleep(8 * time.Second)
	l.mark("thaw")
	if err := rig.Thaw(); err != nil {
		t.Fatalf("thaw: %v", err)
	}
	l.mark("thawed")

	time.Sleep(6 * time.Second)
	l.halt()

	events := l.h.all()
	t.Logf("DBF-2 froze %d processes; marks %v; statuses %v; history %s", len(pids),
		l.marks, statusCount(events), l.h.save(t, "dbf2"))
	checkDeadlines(t, events, 2250*time.Millisecond)
	checkStatuses(t, events)

	frozen := window(events, l.at("frozen")+600*time.Millisecond, l.at("thaw"), "ready")
	for _, e := range frozen {
		// The probe's own 500 ms ping deadline, plus a little for the HTTP round trip.
		if e.Status != 503 || e.latency() > 700*time.Millisecond {
			t.Errorf("/ready during the freeze: %d after %s, want 503 within 0.7 s",
				e.Status, e.latency())
		}
	}

	ready := firstAfter(events, "ready", l.at("thawed"), 200)
	first := firstAfter(events, "get", l.at("thawed"), 200)
	t.Logf("after thaw: /ready 200 in %s, first GET 200 in %s; %d probes while frozen",
		ready, first, len(frozen))
	if first < 0 || first > 2*time.Second || len(frozen) == 0 {
		t.Errorf("first 2xx %s after thaw, want within 2 s", first)
	}

	checkCreates(t, s, events, "dbf2-%")
	settle(t, s, c, baseline)
}

// checkDeadlines: no request took longer than limit, none timed out at the client.
func checkDeadlines(t *testing.T, events []event, limit time.Duration) {
	var ds []time.Duration
	for _, e := range events {
		ds = append(ds, e.latency())
		if e.latency() > limit || e.Status == 0 {
			t.Errorf("%s %s: %s, status %d; want an answer within %s", e.Op, e.Key,
				e.latency().Round(time.Millisecond), e.Status, limit)
		}
	}

	t.Logf("latency over the run: %s", summarize(ds))
}

// DBF-2 variant: the database hangs before the pool has any connection, so TCP
// connects complete but the startup is never answered; requests still end by their
// deadline, as 503s.
func TestDBF2FrozenBeforeFirstConnection(t *testing.T) {
	s := newService(t)
	rig := needRig(t)
	c := newClient(t, s.URL, 5*time.Second)

	if _, err := rig.Freeze(); err != nil {
		t.Fatalf("freeze: %v", err)
	}

	var wg sync.WaitGroup
	results := make([]reply, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.do("GET", "/api/v1/products/1", nil)
		}()
	}
	wg.Wait()

	ready := c.do("GET", "/ready", nil)
	if err := rig.Thaw(); err != nil {
		t.Fatalf("thaw: %v", err)
	}

	for _, r := range results {
		if r.Status != 503 || r.Took > 2250*time.Millisecond {
			t.Errorf("frozen before connecting: %s after %s, want 503 within 2.25 s", r,
				r.Took)
		}
	}

	if ready.Status != 503 || ready.Took > time.Second {
		t.Errorf("/ready while frozen: %d after %s, want 503 within 1 s", ready.Status,
			ready.Took)
	}

	ok := waitFor(3*time.Second, func() bool {
		return c.do("GET", "/api/v1/products/1", nil).Status == 404
	})
	if !ok {
		t.Errorf("no answer from the database within 3 s of the thaw")
	}

	t.Logf("frozen before connecting: %d requests, took %s .. %s", len(results),
		results[0].Took, results[len(results)-1].Took)
}

// DBF-3: a table lock that holds every product query for 10 s, 50 concurrent GETs,
// a pool of 10: all 50 are 503 by 2.25 s; a GET of another table answers at once;
// nothing of the service is left waiting in the database 1.5 s later.
func TestDBF3ExhaustionAndSlowQueries(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	ids := seedProducts(t, c, f, 5)
	_, _, waitsBefore := s.stats()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	lockTx, err := superDB(t, s.DB).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lockTx.Rollback() //nolint:errcheck // released below

	if _, err := lockTx.ExecContext(ctx,
		"LOCK TABLE products IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	var wg sync.WaitGroup
	results := make([]reply, 50)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.do("GET", "/api/v1/products/"+itoa(ids[i%len(ids)]), nil)
		}()
	}
	wg.Wait()
	allDone := time.Since(start)

	fast := c.do("GET", "/api/v1/vendors/"+itoa(f.vendors[0]), nil)

	for i, r := range results {
		if r.Status != 503 || r.Took > 2250*time.Millisecond {
			t.Errorf("GET %d: %s after %s, want 503 within 2.25 s", i, r, r.Took)
		}
	}

	if fast.Status != 200 || fast.Took > 100*time.Millisecond {
		t.Errorf("fast GET during the lock: %s after %s, want 200 within 100 ms", fast,
			fast.Took)
	}

	time.Sleep(1500 * time.Millisecond)
	sessions := appSessions(t, s.DB)
	inUse, open, waits := s.stats()
	t.Logf("DBF-3: 50 GETs done in %s; fast GET %s; 1.5 s later sessions %v; pool in use "+
		"%d, open %d, waits %d -> %d", allDone, fast.Took, sessions, inUse, open,
		waitsBefore, waits)

	if sessions["active"] > 0 || waitingOnLock(t, s.DB) > 0 {
		t.Errorf("1.5 s after the deadline the service still has queries running: %v",
			sessions)
	}

	if waits <= waitsBefore || inUse != 0 {
		t.Errorf("pool waits %d -> %d (want a rise), in use %d (want 0)", waitsBefore,
			waits, inUse)
	}

	_ = lockTx.Rollback()
}

// waitingOnLock counts the service's sessions waiting for a lock.
func waitingOnLock(t *testing.T, db string) int64 {
	return columnInt(t, "postgres", `SELECT count(*) FROM pg_stat_activity WHERE datname = $1
		AND application_name = $2 AND wait_event_type = 'Lock'`, db, appName)
}

// DBF-3, role limits: with app_user limited to 3 connections and a pool of 10, the
// refused logins (53300) are fast 503s, not 500s.
func TestDBF3ConnectionLimit(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	ids := seedProducts(t, c, f, 3)
	rig := needRig(t)

	// The seed opened connections; start from an empty pool, then cap the role.
	s.stop()
	s = startServer(t, serverEnv(t, s.DB))
	c = newClient(t, s.URL, 5*time.Second)
	rig.MustExec(t, "postgres", "ALTER ROLE "+appRole+" CONNECTION LIMIT 3")
	t.Cleanup(func() {
		rig.MustExec(t, "postgres", "ALTER ROLE "+appRole+" CONNECTION LIMIT -1")
	})

	var mu sync.Mutex
	statuses := map[int]int{}
	var slow503 []time.Duration
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()

			for j := range 20 {
				// 10 clients in parallel want up to 10 connections; 3 logins succeed.
				r := c.do("GET", "/api/v1/products/"+itoa(ids[(i+j)%len(ids)]), nil)
				mu.Lock()
				statuses[r.Status]++
				if r.Status == 503 && r.Took >= 100*time.Millisecond {
					slow503 = append(slow503, r.Took)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	t.Logf("DBF-3 connection limit 3, pool 10: statuses %v; 503s over 100 ms: %v",
		statuses, slow503)
	for st := range statuses {
		if st != 200 && st != 503 {
			t.Errorf("status %d under the connection limit, want 200 or 503", st)
		}
	}

	if len(slow503) > 0 {
		t.Errorf("%d refused logins took >= 100 ms", len(slow503))
	}
}

// DBF-3: app_user's own statement_timeout (3 s) ends pg_sleep(5) with 57014.
func TestDBF3RoleStatementTimeout(t *testing.T) {
	db := freshDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	conn, err := pgx.Connect(ctx, roleDSN(needRig(t), appRole, appPassword, db))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	start := time.Now()
	_, err = conn.Exec(ctx, "SELECT pg_sleep(5)")
	took := time.Since(start)

	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "57014" {
		t.Fatalf("pg_sleep(5) as %s: %v, want 57014", appRole, err)
	}

	if took < 2900*time.Millisecond || took > 3500*time.Millisecond {
		t.Errorf("cancelled after %s, want about 3 s", took)
	}
}

// DBF-4: killed backends. After a kill, a query and a transaction succeed at once and
// later; a kill in the middle of a transaction fails that one request (503) and the
// next succeeds; a transaction left idle past idle_in_transaction_session_timeout is a
// 503 and the pool recovers.
func TestDBF4StaleConnections(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)
	f := newFixture(t, c, 1)
	ids := seedProducts(t, c, f, 10)
	rig := needRig(t)
	n := 0

	queryAndTx := func(when string) {
		n++
		get := c.do("GET", "/api/v1/products/"+itoa(ids[0]), nil)
		post := c.do("POST", "/api/v1/products",
			f.productBody(fmt.Sprintf("dbf4-%d", n), f.vendors[0]))
		if get.Status != 200 || post.Status != 201 {
			t.Errorf("%s after the kill: GET %s, POST %s; want 200 and 201", when, get, post)
		}
	}

	for _, wait := range []time.Duration{200 * time.Millisecond, 1500 * time.Millisecond} {
		warm(c, ids)
		killed, err := rig.TerminateBackends(context.Background(), s.DB, appName)
		if err != nil || killed == 0 {
			t.Fatalf("terminate: %d, %v", killed, err)
		}

		time.Sleep(wait)
		queryAndTx(fmt.Sprintf("%s (%d backends killed)", wait, killed))
	}

	t.Run("mid-transaction", func(t *testing.T) { killMidTransaction(t, s, c, f, ids) })
}

// warm fills the pool: 10 reads at once.
func warm(c *client, ids []int64) {
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.do("GET", "/api/v1/products/"+itoa(ids[i%len(ids)]), nil)
		}()
	}
	wg.Wait()
}

// killMidTransaction holds a product's row lock so a PATCH waits inside its
// transaction, kills the service's backends while it waits, and expects one 503, then
// success, and no session left in a transaction.
func killMidTransaction(t *testing.T, s *server, c *client, f fixture, ids []int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	lockTx, err := superDB(t, s.DB).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lockTx.Rollback() //nolint:errcheck // released below

	if _, err := lockTx.ExecContext(ctx, "SELECT 1 FROM products WHERE id = $1 FOR UPDATE",
		ids[1]); err != nil {
		t.Fatal(err)
	}

	done := make(chan reply, 1)
	go func() {
		done <- c.do("PATCH", "/api/v1/products/"+itoa(ids[1]), `{"stock": 7}`)
	}()

	if !waitFor(1500*time.Millisecond, func() bool { return waitingOnLock(t, s.DB) > 0 }) {
		t.Fatalf("the PATCH never waited on the row lock")
	}

	if _, err := needRig(t).TerminateBackends(ctx, s.DB, appName); err != nil {
		t.Fatal(err)
	}

	r := <-done
	_ = lockTx.Rollback()
	if r.Status != 503 {
		t.Errorf("PATCH killed mid-transaction: %s, want 503", r)
	}

	again := c.do("PATCH", "/api/v1/products/"+itoa(ids[1]), `{"stock": 7}`)
	if again.Status != 200 {
		t.Errorf("PATCH after the kill: %s, want 200", again)
	}

	inTx := columnInt(t, "postgres", `SELECT count(*) FROM pg_stat_activity WHERE datname = $1
		AND application_name = $2 AND state LIKE 'idle in transaction%'`, s.DB, appName)
	if inTx != 0 {
		t.Errorf("%d sessions left idle in a transaction", inTx)
	}
}

// DBF-4, idle in transaction: a transaction left idle past the server's timeout is
// ended by PostgreSQL; the request that owned it gets a 503, and the next succeeds.
func TestDBF4IdleInTransaction(t *testing.T) {
	s := newService(t, map[string]string{"DB_IDLE_IN_TRANSACTION_TIMEOUT": "500ms",
		"REQUEST_TIMEOUT": "5s"})
	c := newClient(t, s.URL, 10*time.Second)
	f := newFixture(t, c, 1)
	ids := seedProducts(t, c, f, 1)

	// The test route holds a transaction open and idle for 1.5 s, then writes in it.
	r := c.do("POST", "/_test/idle-tx?ms=1500&product="+itoa(ids[0]), nil)
	if r.Status != 503 {
		t.Errorf("transaction idle past the timeout: %s, want 503", r)
	}

	for i := range 3 {
		if g := c.do("GET", "/api/v1/products/"+itoa(ids[0]), nil); g.Status != 200 {
			t.Errorf("GET %d after the idle timeout: %s", i, g)
		}
	}
}
