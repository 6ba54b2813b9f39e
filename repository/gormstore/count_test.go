package gormstore_test

import (
	"testing"

	"github.com/gamarriando/product-service/usecase"
)

// TestListTotalBeyondExactLimit: a list of more than ExactCountLimit rows is counted
// exactly on SQLite and estimated by the planner on PostgreSQL, flagged inexact, and
// never reported as fewer rows than the capped count saw.
func TestListTotalBeyondExactLimit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		const rows = usecase.ExactCountLimit + 500

		err := h.db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
			WHERE i < ?)
			INSERT INTO categories (name, slug, description, sort_order, is_active,
				search_text, version, created_at, updated_at)
			SELECT 'c' || i, 'c-' || i, '', i, true, '', 1, CURRENT_TIMESTAMP,
				CURRENT_TIMESTAMP FROM n`, rows).Error
		if err != nil {
			t.Fatal(err)
		}

		if h.backend == "postgres" {
			if err := h.db.Exec("ANALYZE categories").Error; err != nil {
				t.Fatal(err)
			}
		}

		total, err := h.store.Categories().Count(h.ctx, usecase.CategoryFilter{})
		if err != nil {
			t.Fatal(err)
		}

		if h.backend != "postgres" {
			if total != (usecase.Total{N: rows, Exact: true}) {
				t.Fatalf("sqlite total = %+v, want exactly %d", total, rows)
			}

			return
		}

		if total.Exact || total.N <= usecase.ExactCountLimit || total.N > 2*rows {
			t.Fatalf("postgres total = %+v, want an inexact estimate near %d", total, rows)
		}

		small, err := h.store.Categories().Count(h.ctx, usecase.CategoryFilter{Search: "none"})
		if err != nil || small != (usecase.Total{Exact: true}) {
			t.Fatalf("small list total = %+v, %v; want an exact 0", small, err)
		}
	})
}
