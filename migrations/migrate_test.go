package migrations

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestRoundTrip applies every step from an empty schema, checks that each down
// restores exactly the schema before its up and that the up after it rebuilds the
// same schema again, then goes down to zero and up once more.
func TestRoundTrip(t *testing.T) {
	db, schema := testSchema(t)
	ctx := context.Background()

	latest, err := Latest()
	if err != nil {
		t.Fatal(err)
	}

	if latest < 4 {
		t.Fatalf("Latest() = %d, want at least the 4 initial steps", latest)
	}

	mustVersion(t, db, 0)
	empty := snapshot(t, db, schema)
	if len(empty) != 0 {
		t.Fatalf("fresh schema not empty: %v", empty)
	}

	before := empty
	for v := uint(1); v <= latest; v++ {
		step(t, db, 1)
		mustVersion(t, db, v)
		after := snapshot(t, db, schema)
		if len(diffLines(before, after)) == 0 {
			t.Errorf("step %d changed nothing", v)
		}

		step(t, db, -1)
		mustVersion(t, db, v-1)
		requireSame(t, "down after up of step "+itoa(v), before, snapshot(t, db, schema))

		step(t, db, 1)
		requireSame(t, "up again of step "+itoa(v), after, snapshot(t, db, schema))
		before = after
	}

	full := before
	if err := Up(ctx, db); err != nil {
		t.Fatalf("up when already latest: %v", err)
	}

	if err := Down(ctx, db, int(latest)); err != nil {
		t.Fatalf("down to zero: %v", err)
	}

	mustVersion(t, db, 0)
	requireSame(t, "down to zero", empty, snapshot(t, db, schema))

	if err := Up(ctx, db); err != nil {
		t.Fatalf("up from zero: %v", err)
	}

	mustVersion(t, db, latest)
	requireSame(t, "up after down to zero", full, snapshot(t, db, schema))
	t.Logf("round trip of %d steps: %d catalog lines, identical after down/up", latest,
		len(full))
}

func TestDirtyAndForce(t *testing.T) {
	db, _ := testSchema(t)
	ctx := context.Background()

	// A table in the way makes step 2 fail, which marks version 2 dirty.
	if err := Down(ctx, db, 1); err == nil {
		t.Fatal("down on an empty schema succeeded")
	}

	if _, err := db.ExecContext(ctx, "CREATE TABLE categories (x int)"); err != nil {
		t.Fatal(err)
	}

	err := Up(ctx, db)
	var stmtErr *StatementError
	if !errors.As(err, &stmtErr) || stmtErr.Code != "42P07" {
		t.Fatalf("up over a conflicting table: %v, want StatementError 42P07", err)
	}

	if strings.Contains(err.Error(), "CREATE TABLE") {
		t.Errorf("error quotes the migration SQL: %v", err)
	}

	v, dirty, err := Version(ctx, db)
	if err != nil || v != 2 || !dirty {
		t.Fatalf("version after failed step = %d dirty=%t err=%v, want 2 dirty", v, dirty, err)
	}

	err = Up(ctx, db)
	var dirtyErr *DirtyError
	if !errors.As(err, &dirtyErr) || dirtyErr.Version != 2 {
		t.Fatalf("up on a dirty schema: %v, want DirtyError at 2", err)
	}

	// Step 2 ran in one transaction, so the schema is still at 1: repair, force, up.
	if _, err := db.ExecContext(ctx, "DROP TABLE categories"); err != nil {
		t.Fatal(err)
	}

	if err := Force(ctx, db, 1); err != nil {
		t.Fatalf("force 1: %v", err)
	}

	if err := Up(ctx, db); err != nil {
		t.Fatalf("up after force: %v", err)
	}

	latest, _ := Latest()
	mustVersion(t, db, latest)
}

func TestRunCommand(t *testing.T) {
	db, _ := testSchema(t)
	ctx := context.Background()

	latest, err := Latest()
	if err != nil {
		t.Fatal(err)
	}

	of := func(v uint) string { return fmt.Sprintf("schema version %d of %d", v, latest) }

	tests := []struct {
		args    []string
		want    string
		wantErr error
	}{
		{args: []string{"version"},
			want: fmt.Sprintf("no migration applied (latest is %d)", latest)},
		{args: []string{"up"}, want: of(latest)},
		{args: []string{"down", "2"}, want: of(latest - 2)},
		{args: []string{"force", fmt.Sprint(latest - 3)}, want: of(latest - 3)},
		{args: []string{"force", fmt.Sprint(latest - 2)}, want: of(latest - 2)},
		{args: []string{"up"}, want: of(latest)},
		{args: []string{"seed"}, want: "demo data seeded"},
		{args: []string{"down"}, wantErr: ErrUsage},
		{args: []string{"down", "0"}, wantErr: ErrUsage},
		{args: []string{"force", "x"}, wantErr: ErrUsage},
		{args: []string{"sideways"}, wantErr: ErrUsage},
		{args: nil, wantErr: ErrUsage},
	}
	for _, tt := range tests {
		got, err := RunCommand(ctx, db, tt.args...)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("RunCommand(%q) error = %v, want %v", tt.args, err, tt.wantErr)
			}

			continue
		}

		if err != nil || got != tt.want {
			t.Errorf("RunCommand(%q) = %q, %v; want %q", tt.args, got, err, tt.want)
		}
	}
}

func TestCanceledContextStops(t *testing.T) {
	db, _ := testSchema(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	if err := Up(ctx, db); !errors.Is(err, context.Canceled) {
		t.Fatalf("up with a canceled context: %v, want context.Canceled", err)
	}
}

func itoa(v uint) string {
	const digits = "0123456789"
	if v < 10 {
		return digits[v : v+1]
	}

	return itoa(v/10) + digits[v%10:v%10+1]
}
