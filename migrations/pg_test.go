package migrations

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

const defaultTestURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// testSchema gives the test a *sql.DB whose sessions live in a new, empty schema
// (search_path), dropped at the end. No PostgreSQL: skip, or fail under CI=true.
func testSchema(t *testing.T) (*sql.DB, string) {
	t.Helper()

	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		url = defaultTestURL
	}

	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL does not parse")
	}

	cfg.ConnectTimeout = 3 * time.Second
	admin := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { _ = admin.Close() })

	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL unreachable under CI: %v", err)
		}

		t.Skipf("skipping: PostgreSQL unreachable (set TEST_DATABASE_URL): %v", err)
	}

	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "m_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}

	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	scoped := cfg.Copy()
	scoped.RuntimeParams["search_path"] = schema
	db := stdlib.OpenDB(*scoped)
	t.Cleanup(func() { _ = db.Close() })

	return db, schema
}

// catalogQueries list every object of a schema that the application could notice, one
// line each, with the schema name taken out so two schemas compare. schema_migrations
// belongs to golang-migrate and is left out.
var catalogQueries = []string{
	// Columns: type, nullability, default, identity.
	`SELECT 'column ' || c.relname || '.' || a.attname || ' ' ||
		format_type(a.atttypid, a.atttypmod) ||
		CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END ||
		' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') ||
		' identity=' || a.attidentity::text
	FROM pg_attribute a
	JOIN pg_class c ON c.oid = a.attrelid
	LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
		AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'schema_migrations'`,
	// Constraints: primary keys, checks, foreign keys, unique constraints.
	`SELECT 'constraint-' || con.contype::text || ' ' || c.relname || '.' || con.conname || ' ' ||
		pg_get_constraintdef(con.oid)
	FROM pg_constraint con
	JOIN pg_class c ON c.oid = con.conrelid
	WHERE c.relnamespace = $1::regnamespace AND c.relname <> 'schema_migrations'`,
	// Indexes, with their full definition.
	`SELECT 'index-' || CASE WHEN i.indisunique THEN 'u' ELSE 'n' END || ' ' ||
		t.relname || '.' || ic.relname || ' ' || pg_get_indexdef(i.indexrelid)
	FROM pg_index i
	JOIN pg_class ic ON ic.oid = i.indexrelid
	JOIN pg_class t ON t.oid = i.indrelid
	WHERE t.relnamespace = $1::regnamespace AND t.relname <> 'schema_migrations'`,
	`SELECT 'trigger ' || c.relname || '.' || t.tgname || ' ' || pg_get_triggerdef(t.oid)
	FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
	WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal`,
	`SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) ||
		') ' || md5(pg_get_functiondef(p.oid))
	FROM pg_proc p WHERE p.pronamespace = $1::regnamespace`,
	// Anything else with a name: sequences, views, types.
	`SELECT 'relation-' || c.relkind::text || ' ' || c.relname FROM pg_class c
	WHERE c.relnamespace = $1::regnamespace AND c.relkind NOT IN ('r', 'i')
		AND c.relname NOT LIKE 'schema_migrations%'`,
	`SELECT 'type-' || t.typtype::text || ' ' || t.typname FROM pg_type t
	WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm')`,
}

// snapshot is the sorted catalog of schema.
func snapshot(t *testing.T, db *sql.DB, schema string) []string {
	t.Helper()

	var lines []string
	for _, q := range catalogQueries {
		rows, err := db.QueryContext(context.Background(), q, schema)
		if err != nil {
			t.Fatalf("read catalog: %v", err)
		}

		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatalf("read catalog: %v", err)
			}

			lines = append(lines, strings.ReplaceAll(line, schema+".", ""))
		}

		if err := rows.Close(); err != nil {
			t.Fatalf("read catalog: %v", err)
		}
	}

	sort.Strings(lines)

	return lines
}

// diffLines is what only one side has, marked - (want) and + (got).
func diffLines(want, got []string) []string {
	have := func(list []string) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, l := range list {
			m[l] = true
		}

		return m
	}
	inWant, inGot := have(want), have(got)

	var diff []string
	for _, l := range want {
		if !inGot[l] {
			diff = append(diff, "- "+l)
		}
	}

	for _, l := range got {
		if !inWant[l] {
			diff = append(diff, "+ "+l)
		}
	}

	return diff
}

func requireSame(t *testing.T, what string, want, got []string) {
	t.Helper()

	if d := diffLines(want, got); len(d) > 0 {
		t.Errorf("%s: schemas differ:\n%s", what, strings.Join(d, "\n"))
	}
}

func mustVersion(t *testing.T, db *sql.DB, want uint) {
	t.Helper()

	v, dirty, err := Version(context.Background(), db)
	if err != nil {
		t.Fatalf("version: %v", err)
	}

	if v != want || dirty {
		t.Fatalf("version = %d (dirty=%t), want %d clean", v, dirty, want)
	}
}

func step(t *testing.T, db *sql.DB, n int) {
	t.Helper()

	err := run(context.Background(), db, fmt.Sprintf("steps %d", n),
		func(m *migrate.Migrate) error { return m.Steps(n) })
	if err != nil {
		t.Fatalf("steps %d: %v", n, err)
	}
}
