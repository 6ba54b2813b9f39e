// Package dbtest opens real databases for tests: a fresh PostgreSQL schema or a fresh
// SQLite file per test, with the catalog schema applied and everything removed when
// the test ends. It is for tests only; nothing in the service imports it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gamarriando/product-service/migrations"
	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DefaultPostgresURL is used when TEST_DATABASE_URL is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// connectTimeout bounds how long a test waits to learn that PostgreSQL is not there.
const connectTimeout = 3 * time.Second

// Config is the GORM configuration of every test database: driver errors translated
// the way production opens them, UTC timestamps, and no SQL logging (statements and
// their values never reach the test output).
func Config() *gorm.Config {
	return &gorm.Config{
		TranslateError: true,
		Logger:         logger.Default.LogMode(logger.Silent),
		NowFunc:        func() time.Time { return time.Now().UTC() },
	}
}

// PostgresURL is the server the PostgreSQL tests use.
func PostgresURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}

	return DefaultPostgresURL
}

// Postgres gives the test a GORM database whose connections work in a new, empty
// schema of their own (through search_path), with the catalog schema applied. The
// schema is dropped when the test ends. When the server cannot be reached the test
// is skipped, except under CI=true, where it fails: CI must never pass by skipping.
func Postgres(t testing.TB) *gorm.DB {
	t.Helper()

	cfg, err := pgx.ParseConfig(PostgresURL())
	if err != nil {
		t.Fatalf("dbtest: TEST_DATABASE_URL does not parse: %v", err)
	}

	cfg.ConnectTimeout = connectTimeout
	admin := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { _ = admin.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()

	if err := admin.PingContext(ctx); err != nil {
		unreachable(t, err)
	}

	schema := "t_" + randomHex(t)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("dbtest: create schema: %v", err)
	}

	t.Cleanup(func() { dropSchema(t, admin, schema) })

	scoped := cfg.Copy()
	scoped.RuntimeParams["search_path"] = schema
	db := openPostgres(t, stdlib.OpenDB(*scoped))

	if err := applyPostgresSchema(db); err != nil {
		t.Fatalf("dbtest: apply schema: %v", err)
	}

	return db
}

// applyPostgresSchema builds the catalog tables in a test schema from the versioned
// SQL migrations, the production schema, so every PostgreSQL test runs on what
// production runs on. (migrations.TestDrift keeps AutoMigrate, used for SQLite, in
// step with it.)
var applyPostgresSchema = func(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}

	return migrations.Up(context.Background(), sqlDB)
}

func unreachable(t testing.TB, err error) {
	t.Helper()

	if os.Getenv("CI") == "true" {
		t.Fatalf("dbtest: PostgreSQL unreachable (TEST_DATABASE_URL) under CI: %v", err)
	}

	t.Skipf("dbtest: skipping, PostgreSQL unreachable (set TEST_DATABASE_URL): %v", err)
}

func openPostgres(t testing.TB, sqlDB *sql.DB) *gorm.DB {
	t.Helper()

	sqlDB.SetMaxOpenConns(10)
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), Config())
	if err != nil {
		_ = sqlDB.Close()
		t.Fatalf("dbtest: open gorm on postgres: %v", err)
	}

	// Registered after the schema's cleanup, so it runs first: the pool closes before
	// the schema is dropped.
	t.Cleanup(func() { _ = sqlDB.Close() })

	return db
}

func dropSchema(t testing.TB, admin *sql.DB, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
		t.Errorf("dbtest: drop schema %s: %v", schema, err)
	}
}

// SQLite gives the test a GORM database on a new SQLite file in its temporary
// directory, with foreign keys enforced and the catalog schema applied. One
// connection serves it: SQLite runs one writer at a time anyway, and a single
// connection keeps every statement on the same pragmas.
func SQLite(t testing.TB) *gorm.DB {
	t.Helper()

	path := filepath.Join(t.TempDir(), "catalog.db")
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)" +
		"&_pragma=journal_mode(WAL)"

	db, err := gorm.Open(sqlite.Open(dsn), Config())
	if err != nil {
		t.Fatalf("dbtest: open sqlite: %v", err)
	}

	sqlDB, err := db.DB()
	if err != nil {
		t.Fatalf("dbtest: sqlite pool: %v", err)
	}

	sqlDB.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = sqlDB.Close() })

	if err := autoMigrate(db); err != nil {
		t.Fatalf("dbtest: apply schema: %v", err)
	}

	return db
}

func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("dbtest: random schema name: %v", err)
	}

	return hex.EncodeToString(b)
}
