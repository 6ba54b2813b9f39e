package gormstore_test

// Benchmarks of the repository's hot paths: building the list query (no database, GORM
// in dry-run mode), and a product read and a page read against PostgreSQL, where the
// allocations per call show what GORM's reflection costs on top of the round trip.
//
//	go test -run '^$' -bench . -benchmem ./repository/gormstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
)

// benchFilter is a busy product list: a category subtree, a status, a price range,
// two tags and a search word.
func benchFilter() usecase.ProductFilter {
	lo, hi := domain.MustMoney("10.00"), domain.MustMoney("500.00")

	return usecase.ProductFilter{CategoryIDs: []int64{13, 14, 15}, MinPrice: &lo, MaxPrice: &hi,
		Statuses: []domain.ProductStatus{domain.ProductActive}, InStock: true,
		Tags: []string{"cuero", "negro"}, Search: "zapatillas"}
}

func BenchmarkProductListQueryBuild(b *testing.B) {
	// Dry run: GORM builds every statement and sends none, so no server is needed.
	db, err := gorm.Open(postgres.New(postgres.Config{
		DSN: "host=127.0.0.1 user=bench dbname=bench sslmode=disable"}),
		&gorm.Config{DryRun: true, DisableAutomaticPing: true,
			Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		b.Fatal(err)
	}

	products := gormstore.New(db).Products()
	after := &usecase.Keyset{Value: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), ID: 4242}
	queries := map[string]usecase.ListQuery{
		"offset": {Sort: usecase.Sort{Field: "created_at", Desc: true}, Limit: 21, Offset: 40},
		"cursor": {Sort: usecase.Sort{Field: "created_at", Desc: true}, Limit: 21, After: after},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			f := benchFilter()
			for b.Loop() {
				if _, err := products.List(context.Background(), f, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchStore is a migrated PostgreSQL schema with n products of one vendor in one
// category.
func benchStore(b *testing.B, n int) (*gormstore.Store, []int64) {
	b.Helper()

	store := gormstore.New(dbtest.Postgres(b))
	ctx := context.Background()
	cat := domain.Category{Name: "Zapatillas", Slug: "zapatillas", IsActive: true}
	if err := store.Categories().Create(ctx, &cat); err != nil {
		b.Fatal(err)
	}

	v := domain.Vendor{Name: "Calzados Andina", Email: "ventas@example.com", IsActive: true}
	if err := store.Vendors().Create(ctx, &v); err != nil {
		b.Fatal(err)
	}

	ids := make([]int64, n)
	for i := range ids {
		p := domain.Product{Name: "Zapatillas Urbanas de Cuero Negro",
			Slug:        domain.Slug(fmt.Sprintf("zapatillas-urbanas-%d", i)),
			Description: "Plantilla acolchada para caminar todo el día.",
			Price:       domain.MustMoney("189.90"), Stock: 12, Status: domain.ProductActive,
			CategoryID: cat.ID, VendorID: v.ID, Images: []string{"https://cdn.example.com/1.jpg"},
			Tags: []string{"calzado", "cuero", "negro"}}
		if err := store.Products().Create(ctx, &p); err != nil {
			b.Fatal(err)
		}

		ids[i] = p.ID
	}

	return store, ids
}

func BenchmarkProductGetPostgres(b *testing.B) {
	store, ids := benchStore(b, 1)
	ctx := context.Background()

	for b.Loop() {
		if _, err := store.Products().Get(ctx, ids[0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProductListPostgres(b *testing.B) {
	store, _ := benchStore(b, 60)
	ctx := context.Background()
	f := usecase.ProductFilter{Statuses: []domain.ProductStatus{domain.ProductActive}}
	q := usecase.ListQuery{Sort: usecase.Sort{Field: "created_at", Desc: true}, Limit: 21}

	for b.Loop() {
		page, err := store.Products().List(ctx, f, q)
		if err != nil || len(page) != 21 {
			b.Fatalf("%d rows, %v", len(page), err)
		}
	}
}
