package database

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// pgURL is the test server; the test is skipped when it is down, except under CI.
func pgURL(t *testing.T) string {
	t.Helper()

	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL unreachable under CI: %v", Redact("connect", err))
		}

		t.Skipf("skipping: PostgreSQL unreachable (set TEST_DATABASE_URL): %v",
			Redact("connect", err))
	}

	_ = conn.Close(ctx)

	return u
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)

	return prefix + hex.EncodeToString(b)
}

func mustOpen(t *testing.T, o Options, log *slog.Logger) *gorm.DB {
	t.Helper()

	db, err := Open(context.Background(), o, log)
	if err != nil {
		t.Fatalf("open: %v", err)
	}

	t.Cleanup(func() { _ = Close(db) })

	return db
}

func TestOpenSQLite(t *testing.T) {
	db := mustOpen(t, Options{SQLitePath: t.TempDir() + "/catalog.db"}, nil)
	ctx := context.Background()

	if err := Ping(ctx, db); err != nil {
		t.Fatal(err)
	}

	pragmas := map[string]string{"foreign_keys": "1", "busy_timeout": "5000",
		"journal_mode": "wal"}
	for name, want := range pragmas {
		var got string
		if err := db.Raw("PRAGMA " + name).Scan(&got).Error; err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", name, got, err, want)
		}
	}

	if s := Stats(db); len(s) != 1 || s[0].MaxOpenConnections != 1 {
		t.Errorf("sqlite pool = %+v, want one connection", s)
	}

	requireTranslatedErrors(t, db)
}

// requireTranslatedErrors checks TranslateError: a duplicate is gorm.ErrDuplicatedKey
// and a missing parent gorm.ErrForeignKeyViolated, whatever the engine.
func requireTranslatedErrors(t *testing.T, db *gorm.DB) {
	t.Helper()

	stmts := []string{
		"CREATE TABLE parent (id integer PRIMARY KEY, k varchar(10) UNIQUE)",
		"CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent(id))",
		"INSERT INTO parent (id, k) VALUES (1, 'a')",
	}
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatal(err)
		}
	}

	err := db.Exec("INSERT INTO parent (id, k) VALUES (2, 'a')").Error
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		t.Errorf("duplicate: %v, want gorm.ErrDuplicatedKey", err)
	}

	err = db.Exec("INSERT INTO child (id, parent_id) VALUES (1, 99)").Error
	if !errors.Is(err, gorm.ErrForeignKeyViolated) {
		t.Errorf("missing parent: %v, want gorm.ErrForeignKeyViolated", err)
	}
}

// scopedURL points u at a fresh schema, dropped when the test ends.
func scopedURL(t *testing.T, u string) string {
	t.Helper()

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(Redact("connect", err))
	}
	t.Cleanup(func() { _ = conn.Close(ctx) })

	schema := randomName("db_")
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() { _, _ = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE") })

	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal("TEST_DATABASE_URL must be in URL form")
	}

	q := parsed.Query()
	q.Set("search_path", schema)
	parsed.RawQuery = q.Encode()

	return parsed.String()
}

func TestOpenPostgresSession(t *testing.T) {
	u := scopedURL(t, pgURL(t))
	db := mustOpen(t, Options{URL: u, StatementTimeout: 7 * time.Second,
		IdleInTransactionTimeout: 45 * time.Second, ClientCheckInterval: 2 * time.Second,
		Pool: Pool{MaxIdle: 2, MaxOpen: 4, MaxLifetime: time.Minute}}, nil)
	ctx := context.Background()

	if err := Ping(ctx, db); err != nil {
		t.Fatal(err)
	}

	settings := map[string]string{
		"application_name":                    DefaultApplicationName,
		"statement_timeout":                   "7s",
		"idle_in_transaction_session_timeout": "45s",
		"client_connection_check_interval":    "2s",
	}
	for name, want := range settings {
		var got string
		if err := db.WithContext(ctx).Raw("SHOW " + name).Scan(&got).Error; err != nil ||
			got != want {
			t.Errorf("SHOW %s = %q, %v; want %q", name, got, err, want)
		}
	}

	if s := Stats(db); len(s) != 1 || s[0].MaxOpenConnections != 4 {
		t.Errorf("pool stats = %+v, want MaxOpenConnections 4", s)
	}

	requireTranslatedErrors(t, db)

	if err := Close(db); err != nil {
		t.Fatal(err)
	}

	if err := Ping(ctx, db); err == nil {
		t.Error("ping after Close succeeded")
	}
}

func TestQueriesFollowTheContextAndStatementTimeout(t *testing.T) {
	db := mustOpen(t, Options{URL: pgURL(t), StatementTimeout: 300 * time.Millisecond}, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()

	start := time.Now()
	err := db.WithContext(ctx).Exec("SELECT pg_sleep(5)").Error
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("query past its context deadline: %v after %v", err, time.Since(start))
	}

	err = db.WithContext(context.Background()).Exec("SELECT pg_sleep(5)").Error
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); !ok || pgErr.Code != "57014" {
		t.Errorf("query past statement_timeout: %v, want SQLSTATE 57014", err)
	}
}

func TestSimpleProtocolAvoidsPreparedStatements(t *testing.T) {
	u := pgURL(t)
	for _, simple := range []bool{false, true} {
		db := mustOpen(t, Options{URL: u, SimpleProtocol: simple,
			Pool: Pool{MaxIdle: 1, MaxOpen: 1}}, nil)

		var n int
		for range 2 {
			err := db.Raw("SELECT count(*) FROM pg_class WHERE relname = ?", "x").Scan(&n).Error
			if err != nil {
				t.Fatal(err)
			}
		}

		err := db.Raw("SELECT count(*) FROM pg_prepared_statements").Scan(&n).Error
		if err != nil {
			t.Fatal(err)
		}

		if simple && n != 0 {
			t.Errorf("simple protocol left %d prepared statements in the session", n)
		}

		if !simple && n == 0 {
			t.Error("control: the default protocol prepared nothing, so the check is void")
		}
	}
}

// TestReaderRouting runs on two real databases holding different marker rows: reads go
// to the reader, while writes, transactions and Primary reads go to the writer.
func TestReaderRouting(t *testing.T) {
	writerURL, readerURL := twoDatabases(t, pgURL(t))
	db := mustOpen(t, Options{URL: writerURL, ReaderURL: readerURL}, nil)
	ctx := context.Background()

	if err := Ping(ctx, db); err != nil {
		t.Fatal(err)
	}

	if s := Stats(db); len(s) != 2 {
		t.Fatalf("pools = %d, want writer and reader", len(s))
	}

	read := func(tx *gorm.DB) string {
		var where string
		if err := tx.Table("marker").Select("place").Limit(1).Scan(&where).Error; err != nil {
			t.Fatal(err)
		}

		return where
	}

	if got := read(db.WithContext(ctx)); got != "reader" {
		t.Errorf("plain read went to the %s", got)
	}

	if got := read(Primary(db.WithContext(ctx))); got != "writer" {
		t.Errorf("Primary read went to the %s", got)
	}

	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if got := read(tx); got != "writer" {
			t.Errorf("read in a transaction went to the %s", got)
		}

		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	err = db.WithContext(ctx).Exec("INSERT INTO marker (place) VALUES ('written')").Error
	if err != nil {
		t.Fatal(err)
	}

	written := func(tx *gorm.DB) int64 {
		var n int64
		if err := tx.Table("marker").Where("place = ?", "written").Count(&n).Error; err != nil {
			t.Fatal(err)
		}

		return n
	}

	if n := written(Primary(db)); n != 1 {
		t.Errorf("write found %d times on the writer, want 1", n)
	}

	if n := written(db); n != 0 {
		t.Errorf("write found %d times on the reader, want 0", n)
	}
}

// twoDatabases creates a writer and a reader database, each with a marker table saying
// which it is, dropped when the test ends.
func twoDatabases(t *testing.T, base string) (writer, reader string) {
	t.Helper()

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(Redact("connect", err))
	}
	t.Cleanup(func() { _ = admin.Close(ctx) })

	urls := map[string]string{}
	for _, place := range []string{"writer", "reader"} {
		name := randomName("route_" + place + "_")
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}

		t.Cleanup(func() { _, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)") })

		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}

		u.Path = "/" + name
		urls[place] = u.String()

		conn, err := pgx.Connect(ctx, urls[place])
		if err != nil {
			t.Fatal(Redact("connect", err))
		}

		_, err = conn.Exec(ctx, "CREATE TABLE marker (place text); "+
			"INSERT INTO marker VALUES ('"+place+"')")
		_ = conn.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}

	return urls["writer"], urls["reader"]
}

// TestLogsCarryNoSQL makes every query "slow" and checks the log lines hold neither the
// statement nor its arguments.
func TestLogsCarryNoSQL(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db := mustOpen(t, Options{URL: pgURL(t), SlowQuery: time.Nanosecond}, log)

	var n int
	err := db.Raw("SELECT count(*) FROM pg_class WHERE relname = ?", canary).Scan(&n).Error
	if err != nil {
		t.Fatal(err)
	}

	_ = db.Exec("SELECT * FROM no_such_table_"+"x WHERE a = ?", canary).Error

	out := logs.String()
	if !strings.Contains(out, "slow query") {
		t.Fatalf("no slow-query line logged: %s", out)
	}

	for _, leak := range []string{canary, "SELECT", "pg_class", "no_such_table"} {
		if strings.Contains(out, leak) {
			t.Errorf("log contains %q: %s", leak, out)
		}
	}
}

// TestErrorsCarryNoSecrets collects the errors of failed opens and pings and checks
// none repeats the DSN, its password, user, host or database name.
func TestErrorsCarryNoSecrets(t *testing.T) {
	ctx := context.Background()
	cases := []Options{
		{URL: "postgres://appuser:" + canary + "@127.0.0.1:1/catalogdb?sslmode=disable",
			ConnectTimeout: time.Second},
		{URL: "postgres://appuser:" + canary + "@127.0.0.1:notaport/catalogdb"},
		{URL: "host=127.0.0.1 port=1 user=appuser password=" + canary + " dbname=catalogdb " +
			"sslmode=disable"},
		{Host: "no-such-host.invalid", User: "appuser", Password: canary,
			Name: "catalogdb", ConnectTimeout: time.Second},
		{URL: "postgres://appuser:" + canary + "@127.0.0.1:1/catalogdb?sslmode=disable",
			ReaderURL: "postgres://appuser:" + canary + "@127.0.0.1:2/catalogdb"},
	}
	for _, o := range cases {
		var logs bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

		var texts []string
		db, err := Open(ctx, o, log)
		if err == nil {
			err = Ping(ctx, db)
			_ = Close(db)
		}

		if err == nil {
			t.Fatalf("%s: connected to nowhere", o.Describe())
		}

		texts = append(texts, err.Error(), logs.String())
		for _, text := range texts {
			for _, leak := range []string{canary, "appuser", "catalogdb", "postgres://",
				"password"} {
				if strings.Contains(text, leak) {
					t.Errorf("%q leaked in: %s", leak, text)
				}
			}
		}
	}
}
