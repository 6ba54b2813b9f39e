package gormstore

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ratingMaxCheck is the upper bound of vendors.rating on PostgreSQL, where the column
// holds the decimal itself. (On SQLite it holds hundredths; the domain's Rating type
// is what bounds it there.)
const ratingMaxCheck = "vendors_rating_max_check"

// listIndexes serve the list queries: each filter column, then the sort column and id,
// so a page in any allowlisted order is an index range scan. They are ascending; a
// b-tree is read backwards for descending sorts. Same names and columns as the SQL
// migrations.
var listIndexes = []struct{ name, table, columns string }{
	{"categories_parent_sort_idx", "categories", "parent_id, sort_order, id"},
	{"vendors_name_idx", "vendors", "name, id"},
	{"vendors_rating_idx", "vendors", "rating, id"},
	{"vendors_created_at_idx", "vendors", "created_at, id"},
	{"products_category_status_created_idx", "products", "category_id, status, created_at, id"},
	{"products_vendor_created_idx", "products", "vendor_id, created_at, id"},
	{"products_status_created_idx", "products", "status, created_at, id"},
	{"products_status_price_idx", "products", "status, price, id"},
	{"products_status_name_idx", "products", "status, name, id"},
}

// postgresOnly are the PostgreSQL indexes SQLite has no equivalent for: tag
// containment, the trigram index behind search_text LIKE '%term%', and the
// pattern-ops indexes behind the slug prefix look-up of slug derivation.
var postgresOnly = []string{
	"CREATE INDEX IF NOT EXISTS products_tags_idx ON products USING gin (tags jsonb_path_ops)",
	"CREATE INDEX IF NOT EXISTS products_search_text_idx ON products " +
		"USING gin (search_text public.gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS products_slug_pattern_idx ON products " +
		"(slug varchar_pattern_ops)",
	"CREATE INDEX IF NOT EXISTS categories_slug_pattern_idx ON categories " +
		"(slug varchar_pattern_ops)",
}

// AutoMigrate creates or extends the tables from the models, for development and
// tests; production schemas come from the versioned SQL migrations, and
// migrations.TestDrift keeps the two the same. It is safe to run again. On SQLite the
// foreign keys are enforced only where the connection enabled them (the
// _pragma=foreign_keys(1) DSN parameter); this call turns them on for the connection
// it runs on.
func AutoMigrate(db *gorm.DB) error {
	if !isPostgres(db) {
		if err := db.Exec("PRAGMA foreign_keys = ON").Error; err != nil {
			return fmt.Errorf("enable sqlite foreign keys: %w", err)
		}
	}

	if err := db.AutoMigrate(&vendorModel{}, &categoryModel{}, &productModel{},
		&idempotencyModel{}); err != nil {
		return fmt.Errorf("auto-migrate catalog tables: %w", err)
	}

	for _, ix := range listIndexes {
		sql := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)", ix.name, ix.table,
			ix.columns)
		if err := db.Exec(sql).Error; err != nil {
			return fmt.Errorf("create index %s: %w", ix.name, err)
		}
	}

	if !isPostgres(db) {
		return nil
	}

	return migratePostgres(db)
}

func migratePostgres(db *gorm.DB) error {
	if err := ensureTrigram(db); err != nil {
		return err
	}

	for _, sql := range postgresOnly {
		if err := db.Exec(sql).Error; err != nil {
			return fmt.Errorf("create postgres index: %w", err)
		}
	}

	if db.Migrator().HasConstraint(&vendorModel{}, ratingMaxCheck) {
		return nil
	}

	err := db.Exec("ALTER TABLE vendors ADD CONSTRAINT " + ratingMaxCheck +
		" CHECK (rating <= 5)").Error
	if err != nil {
		return fmt.Errorf("add vendor rating bound: %w", err)
	}

	return nil
}

// ensureTrigram installs pg_trgm in public, where every schema of the database finds
// it. Two schemas migrating at once can race on the install; losing that race is fine
// as long as the extension is there afterwards.
func ensureTrigram(db *gorm.DB) error {
	errCreate := db.Exec("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").Error
	if errCreate == nil {
		return nil
	}

	var n int64
	errFind := db.Raw("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'").
		Scan(&n).Error
	if errFind == nil && n > 0 {
		return nil
	}

	return fmt.Errorf("install pg_trgm: %w", errors.Join(errCreate, errFind))
}
