package accesstest

import (
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// Snapshot renders every row of the catalog's tables on PostgreSQL, versions,
// counters and idempotency keys included, for Env.Snapshot.
func Snapshot(db *gorm.DB) func(t *testing.T) string {
	return func(t *testing.T) string {
		t.Helper()

		var b strings.Builder
		for _, table := range []string{"categories", "vendors", "products", "idempotency_keys"} {
			var rows *string
			q := "SELECT json_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text)::text FROM " +
				table + " t"
			if err := db.Raw(q).Scan(&rows).Error; err != nil {
				t.Fatalf("snapshot %s: %v", table, err)
			}

			all := "[]"
			if rows != nil {
				all = *rows
			}

			fmt.Fprintf(&b, "%s=%s\n", table, all)
		}

		return b.String()
	}
}
