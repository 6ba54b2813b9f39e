package main

// The reference's product read as a go test benchmark, next to gormstore's
// BenchmarkProductGetPostgres on the same kind of schema: the difference in ns/op and
// allocs/op is what GORM and database/sql add to one primary-key read.
//
//	go test -run '^$' -bench . -benchmem ./bench/reference ./repository/gormstore

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gamarriando/product-service/repository/dbtest"
)

func BenchmarkReferenceGetPostgres(b *testing.B) {
	db := dbtest.Postgres(b)
	ctx := context.Background()

	var schema string
	if err := db.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		b.Fatal(err)
	}

	const insert = `WITH c AS (INSERT INTO categories (name, slug) VALUES ('Zapatillas',
			'zapatillas') RETURNING id),
		v AS (INSERT INTO vendors (name, email) VALUES ('Calzados Andina',
			'ventas@example.com') RETURNING id)
		INSERT INTO products (name, slug, description, price, stock, status, category_id,
			vendor_id, images, tags)
		SELECT 'Zapatillas Urbanas de Cuero Negro', 'zapatillas-urbanas-0',
			'Plantilla acolchada para caminar todo el día.', 189.90, 12, 'active', c.id, v.id,
			'["https://cdn.example.com/1.jpg"]', '["calzado","cuero","negro"]' FROM c, v
		RETURNING id`

	var id int64
	if err := db.Raw(insert).Scan(&id).Error; err != nil {
		b.Fatal(err)
	}

	cfg, err := pgxpool.ParseConfig(dbtest.PostgresURL())
	if err != nil {
		b.Fatal(err)
	}

	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()

	for b.Loop() {
		p, err := scanProduct(pool.QueryRow(ctx, getSQL, id))
		if err != nil || p.ID != id {
			b.Fatalf("product %d: %v", p.ID, err)
		}
	}

}
