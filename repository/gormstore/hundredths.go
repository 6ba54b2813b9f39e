package gormstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gamarriando/product-service/domain"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// hundredths is an exact two-decimal amount (a price in cents, a rating in hundredths)
// as a column. PostgreSQL stores it as numeric(p,2) and exchanges it as decimal text;
// SQLite has no exact decimal type, so it stores the integer number of hundredths.
// Neither path goes through float64.
type hundredths int64

// defaultDecimalPrecision applies when a field's tag gives no precision.
const defaultDecimalPrecision = 10

// GormDBDataType picks the column type for the dialect; the precision comes from the
// field's `precision` tag.
func (hundredths) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if !isPostgres(db) {
		return "integer"
	}

	precision := field.Precision
	if precision == 0 {
		precision = defaultDecimalPrecision
	}

	return fmt.Sprintf("numeric(%d,2)", precision)
}

// GormValue binds the amount in the unit the dialect stores. It also applies when the
// value is a query argument (filters, cursors), so comparisons use the stored unit.
func (h hundredths) GormValue(_ context.Context, db *gorm.DB) clause.Expr {
	if isPostgres(db) {
		return clause.Expr{SQL: "?", Vars: []any{formatHundredths(int64(h))}}
	}

	return clause.Expr{SQL: "?", Vars: []any{int64(h)}}
}

// Scan reads PostgreSQL's decimal text or SQLite's integer. A float is refused rather
// than rounded: it would mean the column was written by something else.
func (h *hundredths) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*h = hundredths(v)

		return nil
	case string:
		return h.scanText(v)
	case []byte:
		return h.scanText(string(v))
	default:
		return fmt.Errorf("scan decimal column: unsupported type %T", src)
	}
}

func (h *hundredths) scanText(s string) error {
	m, err := domain.ParseMoney(s)
	if err != nil {
		return fmt.Errorf("scan decimal column: %w", err)
	}

	*h = hundredths(m.Cents())

	return nil
}

// formatHundredths writes 2999 as "29.99", the text PostgreSQL parses exactly.
func formatHundredths(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}

	frac := strconv.FormatInt(v%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}

	return sign + strconv.FormatInt(v/100, 10) + "." + frac
}

func isPostgres(db *gorm.DB) bool {
	return db.Dialector.Name() == "postgres"
}
