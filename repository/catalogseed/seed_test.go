package catalogseed_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/catalogseed"
	"github.com/gamarriando/product-service/repository/dbtest"
	"gorm.io/gorm"
)

// TestSeedPostgres loads a small catalog into a migrated schema in uneven batches, then
// a second one on top of it, and checks what the service relies on: the counts, exact
// vendors.total_products, the active share, unique slugs, search_text, and the tree.
func TestSeedPostgres(t *testing.T) {
	db := dbtest.Postgres(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	plan := catalogseed.Plan{Products: 2_000, Categories: 60, Vendors: 50,
		ActiveShare: 0.8, Seed: 3, Now: time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)}

	var phases []catalogseed.Progress
	res, err := catalogseed.Seed(ctx, db, catalogseed.Options{Plan: plan, Batch: 300,
		Vacuum: true, Progress: func(p catalogseed.Progress) { phases = append(phases, p) }})
	if err != nil {
		t.Fatal(err)
	}

	want := catalogseed.Result{Categories: 60, Vendors: 50, Products: 2_000}
	if res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}

	checkProgress(t, phases, 2_000)
	checkCatalog(t, db, want)

	// A second seed appends: new ids, slugs and e-mails that cannot collide.
	plan.Products, plan.Seed = 700, 4
	if _, err := catalogseed.Seed(ctx, db, catalogseed.Options{Plan: plan}); err != nil {
		t.Fatalf("second seed: %v", err)
	}

	checkCatalog(t, db, catalogseed.Result{Categories: 120, Vendors: 100, Products: 2_700})
}

func checkProgress(t *testing.T, phases []catalogseed.Progress, products int) {
	t.Helper()

	batches := 0
	for _, p := range phases {
		if p.Phase == "products" && p.Done > 0 {
			batches++
		}
	}

	// 2,000 in batches of 300: six full ones and one of 200.
	if batches != 7 {
		t.Errorf("%d product batches reported, want 7: %+v", batches, phases)
	}

	last := phases[len(phases)-1]
	if last.Phase != "vacuum" || last.Done != last.Total {
		t.Errorf("last progress %+v, want the vacuum's end", last)
	}

	for _, p := range phases {
		if p.Phase == "products" && p.Total != products {
			t.Errorf("products progress %+v, want total %d", p, products)
		}
	}
}

func checkCatalog(t *testing.T, db *gorm.DB, want catalogseed.Result) {
	t.Helper()

	counts := map[string]int{
		"categories": want.Categories, "vendors": want.Vendors, "products": want.Products,
	}
	for table, n := range counts {
		if got := count(t, db, "SELECT count(*) FROM "+table); got != int64(n) {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
	}

	checks := []struct {
		what, sql string
	}{
		{"vendors whose total_products is not their product count", `SELECT count(*)
			FROM vendors v WHERE total_products <>
			(SELECT count(*) FROM products p WHERE p.vendor_id = v.id)`},
		{"repeated product slugs", `SELECT count(*) - count(DISTINCT slug) FROM products`},
		{"repeated category slugs", `SELECT count(*) - count(DISTINCT slug) FROM categories`},
		{"children of a non-root", `SELECT count(*) FROM categories c
			JOIN categories p ON p.id = c.parent_id WHERE p.parent_id IS NOT NULL`},
		{"products filed under a category with children", `SELECT count(*) FROM products
			WHERE category_id IN (SELECT parent_id FROM categories WHERE parent_id IS NOT NULL)`},
		{"prices outside the contract", `SELECT count(*) FROM products
			WHERE price <= 0 OR price > 99999999.99 OR scale(price) <> 2`},
		{"vendors with an invalid address", `SELECT count(*) FROM vendors
			WHERE jsonb_typeof(address) <> 'object' OR address->>'city' IS NULL`},
	}
	for _, c := range checks {
		if got := count(t, db, c.sql); got != 0 {
			t.Errorf("%s: %d", c.what, got)
		}
	}

	active := count(t, db, "SELECT count(*) FROM products WHERE status = 'active'")
	if share := float64(active) / float64(want.Products); math.Abs(share-0.8) > 0.03 {
		t.Errorf("active share %.3f, want 0.80 ± 0.03", share)
	}

	checkSearchText(t, db)
}

// checkSearchText compares the stored search_text with domain.Fold, which the service
// applies to the query: the two must agree for `q` to find anything.
func checkSearchText(t *testing.T, db *gorm.DB) {
	t.Helper()

	var rows []struct{ Name, Description, SearchText string }
	err := db.Raw("SELECT name, description, search_text FROM products ORDER BY id LIMIT 200").
		Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}

	for _, r := range rows {
		if want := domain.Fold(r.Name + " " + r.Description); r.SearchText != want {
			t.Fatalf("search_text %q, want %q", r.SearchText, want)
		}
	}
}

func count(t *testing.T, db *gorm.DB, sql string) int64 {
	t.Helper()

	var n int64
	if err := db.Raw(sql).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}

	return n
}
