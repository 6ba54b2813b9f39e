package gormstore_test

import (
	"errors"
	"testing"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/gormstore"
)

// AutoMigrate runs at every development start, so a second run must change nothing
// and keep the data.
func TestAutoMigrateIsRepeatable(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		if h.backend == "postgres" {
			autoMigrateOnly(t, h)
		}

		p := h.product("Mesa", h.category("Hogar").ID, h.vendor("Acme").ID)
		schemaBefore := schemaText(t, h)

		if err := gormstore.AutoMigrate(h.db); err != nil {
			t.Fatalf("second AutoMigrate: %v", err)
		}

		if after := schemaText(t, h); after != schemaBefore {
			t.Errorf("schema changed:\n%s\nbecame\n%s", schemaBefore, after)
		}

		if _, err := h.store.Products().Get(h.ctx, p.ID); err != nil {
			t.Fatalf("product after migrating again: %v", err)
		}
	})
}

// The rating bound holds in the database too, not only in the domain type.
func TestRatingUpperBound(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		v := h.vendor("Acme")
		tooHigh := any(int64(501))
		if h.backend == "postgres" {
			tooHigh = "5.01"
		}

		err := h.db.Exec("UPDATE vendors SET rating = ? WHERE id = ?", tooHigh, v.ID).Error
		if h.backend == "postgres" && err == nil {
			t.Fatalf("rating 5.01 was stored")
		}

		// SQLite stores hundredths and has no upper bound; the domain type keeps it.
		if h.backend == "sqlite" {
			_, err := h.store.Vendors().Get(h.ctx, v.ID)
			if err == nil || errors.Is(err, domain.ErrInvalid) {
				t.Fatalf("reading a corrupt rating: %v, want an internal error", err)
			}
		}
	})
}

// autoMigrateOnly replaces the test schema, which dbtest builds from the SQL
// migrations on PostgreSQL, by one built by AutoMigrate alone.
func autoMigrateOnly(t *testing.T, h *harness) {
	t.Helper()

	err := h.db.Exec("DROP TABLE IF EXISTS products, categories, vendors, schema_migrations " +
		"CASCADE").Error
	if err != nil {
		t.Fatalf("drop the migrated tables: %v", err)
	}

	if err := gormstore.AutoMigrate(h.db); err != nil {
		t.Fatalf("AutoMigrate: %v", err)
	}
}

func schemaText(t *testing.T, h *harness) string {
	t.Helper()

	query := "SELECT group_concat(sql, ';') FROM sqlite_master WHERE sql IS NOT NULL"
	if h.backend == "postgres" {
		query = `SELECT string_agg(x, ';' ORDER BY x) FROM (
			SELECT table_name || '.' || column_name || ' ' || data_type || ' ' ||
				coalesce(column_default, '') AS x
			FROM information_schema.columns WHERE table_schema = current_schema()
			UNION ALL
			SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace
			UNION ALL
			SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()) s`
	}

	var text string
	if err := h.db.Raw(query).Scan(&text).Error; err != nil {
		t.Fatalf("read schema: %v", err)
	}

	return text
}
