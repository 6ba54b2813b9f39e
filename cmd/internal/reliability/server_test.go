//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gamarriando/product-service/cmd/internal/app"
	"github.com/gamarriando/product-service/cmd/internal/config"
	"github.com/gamarriando/product-service/repository/database"
)

// server is the service under test, in-process: the real configuration loader, app
// wiring, router, pool and http.Server with its timeouts, on 127.0.0.1:0.
type server struct {
	t    testing.TB
	App  *app.App
	Srv  *http.Server
	URL  string
	DB   string // the database it serves
	Logs *logBuffer
	Cfg  config.Config

	stopOnce sync.Once
}

// serverEnv is the environment of a test server: development (no identity provider,
// so every caller is an administrator), no AutoMigrate or demo data, a pool of at most
// 10, 2 s deadlines, and app_user's own 3 s statement_timeout. Tests override entries.
func serverEnv(t testing.TB, db string) map[string]string {
	c := needRig(t)

	return map[string]string{
		"APP_ENV":                        "development",
		"DATABASE_URL":                   roleDSN(c, appRole, appPassword, db),
		"DB_AUTO_MIGRATE":                "false",
		"SEED_DEMO_DATA":                 "false",
		"DB_POOL_SIZE":                   "5",
		"DB_MAX_OVERFLOW":                "5",
		"DB_CONNECT_TIMEOUT":             "2s",
		"DB_STATEMENT_TIMEOUT":           "0",
		"DB_IDLE_IN_TRANSACTION_TIMEOUT": "10s",
		"REQUEST_TIMEOUT":                "2s",
		"PORT":                           "0",
		"LOG_LEVEL":                      "info",
	}
}

// startServer runs the service over database db with env (from serverEnv, edited). It
// stops at the end of the test: the listener and connections close, then the pool.
func startServer(t testing.TB, env map[string]string) *server {
	t.Helper()

	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}

	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: cfg.LogLevel}))

	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("app: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	s := &server{t: t, App: a, Srv: app.NewHTTPServer(a.Handler, cfg.HTTP, log),
		URL: "http://" + ln.Addr().String(), Logs: logs, Cfg: cfg,
		DB: databaseOf(env["DATABASE_URL"])}
	go func() { _ = s.Srv.Serve(ln) }()
	t.Cleanup(s.stop)

	return s
}

func (s *server) stop() {
	s.stopOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()

		if err := s.Srv.Shutdown(ctx); err != nil {
			_ = s.Srv.Close()
		}

		// Closing connections whose backends were killed fails harmlessly; what
		// matters is that the message names no host or port.
		if err := s.App.Close(); err != nil {
			s.t.Logf("close pool: %v", err)
			if leakPattern(s.t).MatchString(err.Error()) {
				s.t.Errorf("the pool's close error leaks: %v", err)
			}
		}
	})
}

// stats is the writer pool's counters.
func (s *server) stats() (inUse, open int, waits int64) {
	st := database.Stats(s.App.DB)[0]

	return st.InUse, st.OpenConnections, st.WaitCount
}

func databaseOf(dsn string) string {
	_, rest, _ := strings.Cut(dsn, "@")
	_, rest, _ = strings.Cut(rest, "/")
	db, _, _ := strings.Cut(rest, "?")

	return db
}

// newService is the usual start of a test: its own database and a server over it.
func newService(t testing.TB, edits ...map[string]string) *server {
	t.Helper()

	db := freshDB(t)
	env := serverEnv(t, db)
	for _, e := range edits {
		maps.Copy(env, e)
	}

	return startServer(t, env)
}

// logBuffer keeps every log line the service wrote, for the leak scans.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()

	return l.buf.String()
}

// appSessions counts the service's sessions on db by state, from pg_stat_activity.
func appSessions(t testing.TB, db string) map[string]int {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rows, err := superDB(t, "postgres").QueryContext(ctx, `SELECT coalesce(state, ''),
		count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2
		GROUP BY 1`, db, appName)
	if err != nil {
		t.Fatalf("pg_stat_activity: %v", err)
	}
	defer rows.Close()

	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			t.Fatal(err)
		}

		out[state] = n
	}

	return out
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}

	return n
}

// waitFor polls cond every 50 ms until it holds or d passes; it reports whether it held.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}

		if time.Now().After(deadline) {
			return false
		}

		time.Sleep(50 * time.Millisecond)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// columnInt runs a one-value query as the superuser on database db.
func columnInt(t testing.TB, db, query string, args ...any) int64 {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	var n int64
	if err := superDB(t, db).QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}

	return n
}
