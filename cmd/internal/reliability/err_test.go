//go:build reliability

package reliability

import (
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gamarriando/product-service/delivery/auth/authtest"
)

// ERR-1, forced panic: a 500 problem+json with the generic detail, and the process
// keeps serving. (Every other error answer of the suite goes through the same ERR-1
// check in client.check.)
func TestERR1ForcedPanic(t *testing.T) {
	s := newService(t)
	c := newClient(t, s.URL, 5*time.Second)

	first := c.do("GET", "/_test/crash", nil)
	second := c.do("GET", "/_test/crash", nil)
	if first.Status != 500 || second.Status != 500 {
		t.Fatalf("forced panic: %s / %s, want 500 twice", first, second)
	}

	var p problemShape
	_ = json.Unmarshal(first.Body, &p)
	if !strings.Contains(p.Detail, "unexpected error") || p.RequestID == "" {
		t.Errorf("panic detail %q (request id %q): want the generic detail and an id",
			p.Detail, p.RequestID)
	}

	if r := c.do("GET", "/health", nil); r.Status != 200 {
		t.Errorf("after the panic /health is %s", r)
	}

	if strings.Contains(s.Logs.String(), "goroutine ") || strings.Contains(s.Logs.String(),
		".go:") {
		t.Errorf("the panic log carries a stack trace:\n%s", s.Logs)
	}
}

// The ERR-2 canaries: each is planted once and must never come back in a log line.
const (
	canaryJWT    = "canary-jwt-signature-Zq9"
	canaryCookie = "canary-cookie"
	canaryAPIKey = "canary-apikey"
	canaryQuery  = "canary-query"
	canarySlug   = "canary-slug-7781"
	canarySecret = "canary-hs256-secret-for-tests-only"
)

// ERR-2: secrets in a DSN password, headers and the query string; SQL logging at its
// most verbose (every query is "slow"); a connect error with PostgreSQL stopped; a DSN
// that does not parse. No canary may appear in any log line or output.
func TestERR2CanariesNeverLogged(t *testing.T) {
	s := newService(t, map[string]string{"AUTH_HS256_SECRET": canarySecret,
		"DB_SLOW_QUERY": "1ns", "LOG_LEVEL": "debug"})
	c := newClient(t, s.URL, 5*time.Second)
	admin := "Bearer " + authtest.SignHS256(t, []byte(canarySecret),
		authtest.AccessClaims("err2-admin", "admin"))
	forged := "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
		"eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0." + canaryJWT

	cat := c.must(201, "POST", "/api/v1/categories", map[string]any{"name": "Canary"},
		"Authorization", admin).ID()
	vendor := c.must(201, "POST", "/api/v1/vendors", map[string]any{"name": "Canary",
		"email": "canary@example.com"}, "Authorization", admin).ID()
	body := map[string]any{"name": "Canary product", "slug": canarySlug, "price": "1.00",
		"category_id": cat, "vendor_id": vendor, "status": "active"}
	c.must(201, "POST", "/api/v1/products", body, "Authorization", admin)
	c.must(409, "POST", "/api/v1/products", body, "Authorization", admin)
	c.must(200, "GET", "/api/v1/products?q="+canarySlug, nil)

	c.must(401, "POST", "/api/v1/products", body, "Authorization", forged)
	c.must(400, "GET", "/api/v1/products?token="+canaryQuery, nil)
	c.must(200, "GET", "/api/v1/products", nil, "Cookie", "s="+canaryCookie,
		"X-Api-Key", canaryAPIKey)

	rig := needRig(t)
	if err := rig.Stop(); err != nil {
		t.Fatal(err)
	}

	c.must(503, "GET", "/api/v1/products", nil)
	c.must(503, "POST", "/api/v1/products", body, "Authorization", admin)
	c.must(503, "GET", "/ready", nil)
	if err := rig.Start(); err != nil {
		t.Fatal(err)
	}

	outputs := map[string]string{"in-process server log": s.Logs.String()}
	outputs["binary, DSN that does not parse"] = binaryWithBadDSN(t)
	outputs["binary, database down"] = binaryWithDatabaseDown(t)

	canaries := []string{appPassword, canaryJWT, canaryCookie, canaryAPIKey, canaryQuery,
		canarySlug, canarySecret, "postgres://", "sslrootcert", rig.Dir,
		"localhost:" + strconv.Itoa(rig.Port), "INSERT INTO", "SELECT "}
	for name, out := range outputs {
		lines := strings.Count(out, "\n")
		for _, canary := range canaries {
			if n := strings.Count(out, canary); n != 0 {
				t.Errorf("%s: %q appears %d times:\n%s", name, canary, n, out)
			}
		}

		t.Logf("ERR-2 %s: %d lines, %d bytes, no canary", name, lines, len(out))
		if testing.Verbose() {
			t.Log(out)
		}
	}

	if !strings.Contains(s.Logs.String(), "slow query") {
		t.Errorf("DB_SLOW_QUERY=1ns logged no query at all; the SQL check proves nothing")
	}
}

// binaryWithBadDSN starts the binary with a DATABASE_URL holding the canary password
// and a setting that does not parse; it must exit non-zero without quoting it.
func binaryWithBadDSN(t *testing.T) string {
	env := binaryEnv(t, "postgres")
	env["DATABASE_URL"] = "postgres://" + appRole + ":" + appPassword +
		"@localhost:5432/catalog?sslmode=verify-full&connect_timeout=soon"

	out, code := runToExit(t, env)
	if code == 0 {
		t.Errorf("a DSN that does not parse started the server:\n%s", out)
	}

	return out
}

// binaryWithDatabaseDown points the binary at a port where nothing listens, sends it
// a read and a readiness probe, and stops it.
func binaryWithDatabaseDown(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()

	env := binaryEnv(t, "postgres")
	env["DATABASE_URL"] = fmt.Sprintf("postgres://%s:%s@localhost:%d/catalog?"+
		"sslmode=verify-full&sslrootcert=%s", appRole, appPassword, port,
		needRig(t).CAFile)
	p := runBinary(t, env)
	c := newClient(t, p.URL, 5*time.Second)
	c.must(503, "GET", "/api/v1/products", nil, "Authorization", "Bearer x."+canaryJWT)
	c.must(503, "GET", "/ready", nil)
	c.must(400, "GET", "/api/v1/vendors?token="+canaryQuery, nil)
	p.signal(t, syscall.SIGTERM)
	p.wait(5 * time.Second)

	return p.output()
}

// runToExit runs the binary to its end (it must not start serving).
func runToExit(t *testing.T, env map[string]string) (string, int) {
	p := &process{stdout: &logBuffer{}, stderr: &logBuffer{}}
	cmd := commandFor(t, env)
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr

	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Errorf("the binary kept running")
	}

	return p.output(), cmd.ProcessState.ExitCode()
}
