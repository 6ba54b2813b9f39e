package gormstore

import (
	"fmt"
	"strings"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// maxListLimit bounds one page read whatever the caller asks, so a bug upstream cannot
// load a whole table into memory.
const maxListLimit = 1000

// valueKind is the Go type a cursor holds for a sort column, and how it binds.
type valueKind int

const (
	kindInt     valueKind = iota // int64
	kindDecimal                  // int64 hundredths, bound in the dialect's stored unit
	kindText                     // string
	kindTime                     // time.Time
)

// sortColumn is one entry of a resource's sort allowlist. The column name is a
// constant of this package: no text from a request ever reaches ORDER BY.
type sortColumn struct {
	column string
	kind   valueKind
}

// sortColumns maps the use case's sort field names to columns.
type sortColumns map[string]sortColumn

var idColumn = sortColumn{column: "id", kind: kindInt}

// applyListQuery adds ORDER BY (the sort column, then id in the same direction),
// the keyset condition when the page continues after a cursor, LIMIT and OFFSET.
func applyListQuery(db *gorm.DB, cols sortColumns, q usecase.ListQuery) (*gorm.DB, error) {
	col := idColumn
	if q.Sort.Field != "" {
		c, ok := cols[q.Sort.Field]
		if !ok {
			return nil, &domain.ParameterError{Name: "sort", Message: "is not a sortable field"}
		}

		col = c
	}

	db = db.Order(clause.OrderByColumn{Column: clause.Column{Name: col.column}, Desc: q.Sort.Desc})
	if col.column != idColumn.column {
		db = db.Order(clause.OrderByColumn{Column: clause.Column{Name: "id"}, Desc: q.Sort.Desc})
	}

	if q.After != nil {
		cond, err := keysetCondition(col, q.Sort.Desc, *q.After)
		if err != nil {
			return nil, err
		}

		db = db.Where(cond)
	}

	return db.Limit(pageLimit(q.Limit)).Offset(max(q.Offset, 0)), nil
}

func pageLimit(limit int) int {
	if limit <= 0 {
		return usecase.DefaultPageSize
	}

	return min(limit, maxListLimit)
}

// keysetCondition selects the rows strictly after the cursor in the sort order, as the
// row comparison (col, id) > (?, ?). PostgreSQL turns that form into an index range on
// the (filter…, col, id) indexes, so a deep cursor page costs what the first one does;
// the equivalent "col > ? OR (col = ? AND id > ?)" is only a filter there, which scans
// every row before the cursor. SQLite (3.15 and later) reads the same syntax. The id
// tie-break always runs in the sort's direction, which is what makes it exact.
func keysetCondition(col sortColumn, desc bool, after usecase.Keyset) (clause.Expr, error) {
	op := ">"
	if desc {
		op = "<"
	}

	if col.column == idColumn.column {
		return clause.Expr{SQL: "id " + op + " ?", Vars: []any{after.ID}}, nil
	}

	v, err := col.bind(after.Value)
	if err != nil {
		return clause.Expr{}, err
	}

	sql := fmt.Sprintf("(%s, id) %s (?, ?)", col.column, op)

	return clause.Expr{SQL: sql, Vars: []any{v, after.ID}}, nil
}

// bind checks that a cursor value has the column's type and converts it to what the
// column compares against.
func (c sortColumn) bind(v any) (any, error) {
	switch c.kind {
	case kindInt, kindDecimal:
		n, ok := asInt64(v)
		if !ok {
			break
		}

		if c.kind == kindDecimal {
			return hundredths(n), nil
		}

		return n, nil
	case kindText:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case kindTime:
		if t, ok := v.(time.Time); ok {
			return t.UTC(), nil
		}
	}

	return nil, &domain.ParameterError{Name: "cursor", Message: "does not match the sort order"}
}

func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int:
		return int64(n), true
	}

	return 0, false
}

// likePattern matches term anywhere in a column with LIKE … ESCAPE '\', with the
// wildcards of the term itself taken literally.
func likePattern(term string) string {
	return "%" + escapeLike(term) + "%"
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string {
	return likeEscaper.Replace(s)
}

// searchCondition is the `q` filter over the folded search_text column.
func searchCondition(term string) clause.Expr {
	return clause.Expr{SQL: `search_text LIKE ? ESCAPE '\'`, Vars: []any{likePattern(term)}}
}
