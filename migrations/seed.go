package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/migrations/demo"
	"github.com/gamarriando/product-service/repository/database"
)

// The demo catalog of the original plan. It is data, not schema, so it never rides in
// a migration: Seed loads it on demand, and the development server may load the same
// values through the use cases instead.

// Seed loads demo.Catalog into a fully migrated PostgreSQL schema. It is idempotent: rows
// whose slug or email exist are left alone, then the seeded vendors' total_products is
// set to the true count. It runs in one transaction with those vendors locked, so it
// cannot race the application's own counter updates.
func Seed(ctx context.Context, db *sql.DB) error {
	if err := requireLatest(ctx, db); err != nil {
		return err
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("seed: %w", database.Redact("begin", err))
	}
	defer tx.Rollback()

	set := demo.Catalog()
	if err := seedRows(ctx, tx, set); err != nil {
		return fmt.Errorf("seed: %w", describe(err))
	}

	if err := tx.Commit(); err != nil {
		return fmt.Errorf("seed: %w", database.Redact("commit", err))
	}

	return nil
}

// requireLatest refuses to seed a schema that is behind, ahead or dirty.
func requireLatest(ctx context.Context, db *sql.DB) error {
	latest, err := Latest()
	if err != nil {
		return err
	}

	version, dirty, err := Version(ctx, db)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}

	if dirty || version != latest {
		return fmt.Errorf("seed: schema is at version %d (dirty=%t), want %d: run up first",
			version, dirty, latest)
	}

	return nil
}

func seedRows(ctx context.Context, tx *sql.Tx, set demo.Set) error {
	for _, c := range set.Categories {
		if err := seedCategory(ctx, tx, c); err != nil {
			return err
		}
	}

	emails := make([]string, 0, len(set.Vendors))
	for _, v := range set.Vendors {
		if err := seedVendor(ctx, tx, v); err != nil {
			return err
		}

		emails = append(emails, v.Email)
	}

	// Lock the seeded vendors before touching their products and counters.
	const lock = `SELECT id FROM vendors WHERE lower(email) = ANY($1) ORDER BY id FOR UPDATE`
	rows, err := tx.QueryContext(ctx, lock, emails)
	if err != nil {
		return err
	}

	if err := rows.Close(); err != nil {
		return err
	}

	for _, p := range set.Products {
		if err := seedProduct(ctx, tx, p); err != nil {
			return err
		}
	}

	const recount = `UPDATE vendors v
		SET total_products = (SELECT count(*) FROM products p WHERE p.vendor_id = v.id)
		WHERE lower(v.email) = ANY($1)
		  AND total_products <> (SELECT count(*) FROM products p WHERE p.vendor_id = v.id)`
	_, err = tx.ExecContext(ctx, recount, emails)

	return err
}

func seedCategory(ctx context.Context, tx *sql.Tx, c demo.Category) error {
	const q = `INSERT INTO categories
		(name, slug, description, sort_order, search_text, parent_id)
		VALUES ($1, $2, $3, $4, $5,
			(SELECT id FROM categories WHERE slug = NULLIF($6, '')))
		ON CONFLICT (slug) DO NOTHING`
	_, err := tx.ExecContext(ctx, q, c.Name, c.Slug, c.Description, c.SortOrder,
		searchText(c.Name, c.Description), c.ParentSlug)

	return err
}

func seedVendor(ctx context.Context, tx *sql.Tx, v demo.Vendor) error {
	address, err := json.Marshal(map[string]string{
		"street": v.Address.Street, "city": v.Address.City, "state": v.Address.State,
		"zip_code": v.Address.ZipCode, "country": v.Address.Country,
	})
	if err != nil {
		return err
	}

	const q = `INSERT INTO vendors
		(name, email, phone, address, description, is_verified, rating, search_text)
		VALUES ($1, lower($2), $3, $4::jsonb, $5, $6, $7::numeric, $8)
		ON CONFLICT (lower(email)) DO NOTHING`
	_, err = tx.ExecContext(ctx, q, v.Name, v.Email, v.Phone, string(address),
		v.Description, v.IsVerified, v.Rating, searchText(v.Name, v.Description))

	return err
}

func seedProduct(ctx context.Context, tx *sql.Tx, p demo.Product) error {
	images, err := json.Marshal(p.Images)
	if err != nil {
		return err
	}

	tags, err := json.Marshal(p.Tags)
	if err != nil {
		return err
	}

	const q = `INSERT INTO products (name, slug, description, price, stock, status,
			images, tags, search_text, category_id, vendor_id)
		SELECT $1, $2, $3, $4::numeric, $5, $6, $7::jsonb, $8::jsonb, $9, c.id, v.id
		FROM categories c, vendors v
		WHERE c.slug = $10 AND lower(v.email) = lower($11)
		ON CONFLICT (slug) DO NOTHING`
	_, err = tx.ExecContext(ctx, q, p.Name, p.Slug, p.Description, p.Price, p.Stock,
		string(p.Status), string(images), string(tags), searchText(p.Name, p.Description),
		p.CategorySlug, p.VendorEmail)

	return err
}

// searchText must stay what the repositories store (gormstore's searchText): name and
// description folded, so `q` finds seeded rows like any other.
func searchText(name, description string) string {
	return domain.Fold(name + " " + description)
}
