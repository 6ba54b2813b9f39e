package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/gamarriando/product-service/migrations"
)

// testURL returns a DATABASE_URL whose sessions use a fresh schema, dropped at the end.
func testURL(t *testing.T) string {
	t.Helper()

	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		raw = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL unreachable under CI: %v", err)
		}

		t.Skipf("skipping: PostgreSQL unreachable (set TEST_DATABASE_URL): %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(ctx) })

	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "mc_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() {
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})

	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}

	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()

	return u.String()
}

func TestRunCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": testURL(t)}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()

	latest, err := migrations.Latest()
	if err != nil {
		t.Fatal(err)
	}

	at := func(v uint) string { return fmt.Sprintf("schema version %d of %d", v, latest) }
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"version"}, fmt.Sprintf("no migration applied (latest is %d)", latest)},
		{[]string{"up"}, at(latest)},
		{[]string{"seed"}, "demo data seeded"},
		{[]string{"down", "1"}, at(latest - 1)},
		{[]string{"up"}, at(latest)},
	}
	for _, tt := range tests {
		got, err := run(ctx, getenv, tt.args, io.Discard)
		if err != nil || got != tt.want {
			t.Fatalf("migrate %s = %q, %v; want %q", strings.Join(tt.args, " "), got, err,
				tt.want)
		}
	}

	handler := lambdaHandler(getenv, io.Discard)
	res, err := handler(ctx, event{Command: "version"})
	if err != nil || res.Result != at(latest) {
		t.Fatalf("lambda version = %+v, %v", res, err)
	}

	if _, err := handler(ctx, event{Command: "down"}); !errors.Is(err, migrations.ErrUsage) {
		t.Fatalf("lambda 'down' without steps: %v, want ErrUsage", err)
	}
}

func TestRunRefusesWithoutPostgres(t *testing.T) {
	getenv := func(string) string { return "" }

	_, err := run(context.Background(), getenv, []string{"up"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Fatalf("migrate up without a database: %v, want a refusal", err)
	}

	if _, err := run(context.Background(), getenv, nil, io.Discard); !errors.Is(err,
		migrations.ErrUsage) {
		t.Fatalf("migrate without a command: %v, want ErrUsage", err)
	}
}

func TestRunKeepsSecretsOutOfErrors(t *testing.T) {
	const canary = "canary-Secr3t-4242"
	env := map[string]string{
		"DATABASE_URL": "postgres://app:" + canary + "@127.0.0.1:1/nowhere?sslmode=disable",
	}
	var logs strings.Builder

	_, err := run(context.Background(), func(k string) string { return env[k] },
		[]string{"up"}, &logs)
	if err == nil {
		t.Fatal("migrate up against a closed port succeeded")
	}

	for _, text := range []string{err.Error(), logs.String()} {
		if strings.Contains(text, canary) || strings.Contains(text, "app@") {
			t.Errorf("secret or user leaked: %s", text)
		}
	}
}
