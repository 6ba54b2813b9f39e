package migrations

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

func TestSeedIsIdempotentAndCountsProducts(t *testing.T) {
	db, _ := testSchema(t)
	ctx := context.Background()

	if err := Seed(ctx, db); err == nil || !strings.Contains(err.Error(), "run up first") {
		t.Fatalf("seed before migrating: %v, want a refusal", err)
	}

	if err := Up(ctx, db); err != nil {
		t.Fatal(err)
	}

	for range 2 {
		if err := Seed(ctx, db); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}

	counts := map[string]int{}
	for _, table := range []string{"categories", "vendors", "products"} {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}

		counts[table] = n
	}

	want := map[string]int{"categories": 4, "vendors": 2, "products": 2}
	for table, n := range want {
		if counts[table] != n {
			t.Errorf("%s: %d rows after seeding twice, want %d", table, counts[table], n)
		}
	}

	var parent string
	err := db.QueryRowContext(ctx, `SELECT p.slug FROM categories c
		JOIN categories p ON p.id = c.parent_id WHERE c.slug = 'smartphones'`).Scan(&parent)
	if err != nil || parent != "electronicos" {
		t.Errorf("smartphones parent = %q, %v; want electronicos", parent, err)
	}

	var search string
	err = db.QueryRowContext(ctx,
		`SELECT search_text FROM categories WHERE slug = 'hogar-y-jardin'`).Scan(&search)
	if err != nil || !strings.HasPrefix(search, "hogar y jardin ") {
		t.Errorf("search_text = %q, %v; want folded name first", search, err)
	}

	// A counter that drifted is repaired by the next seed.
	if _, err := db.ExecContext(ctx, "UPDATE vendors SET total_products = 7"); err != nil {
		t.Fatal(err)
	}

	if err := Seed(ctx, db); err != nil {
		t.Fatal(err)
	}

	assertTrueCounts(t, db)
}

func assertTrueCounts(t *testing.T, db *sql.DB) {
	t.Helper()

	var wrong, seeded int
	err := db.QueryRowContext(context.Background(), `SELECT
		count(*) FILTER (WHERE total_products <>
			(SELECT count(*) FROM products p WHERE p.vendor_id = v.id)),
		coalesce(sum(total_products), 0)
		FROM vendors v`).Scan(&wrong, &seeded)
	if err != nil {
		t.Fatal(err)
	}

	if wrong != 0 || seeded != 2 {
		t.Errorf("%d vendors with a wrong total_products, sum %d; want 0 and 2", wrong, seeded)
	}
}
