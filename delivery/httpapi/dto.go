package httpapi

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/gamarriando/product-service/usecase"
)

// DecimalText is an exact decimal given either as a JSON string ("29.99") or as a JSON
// number (29.99). It keeps the text as written, so a price never passes through
// float64; the use case parses it.
type DecimalText string

var errDecimalType = errors.New("must be a decimal string or number")

// UnmarshalJSON takes the literal text of a number, or the content of a string.
func (d *DecimalText) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}

		*d = DecimalText(s)

		return nil
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*d = DecimalText(b)

		return nil
	}

	return errDecimalType
}

// readOnlyFields are never written from a body; sending one is a 400 that names it.
var readOnlyFields = []string{"id", "version", "created_at", "updated_at"}

// formatTime writes a server timestamp in the contract's form: RFC 3339, UTC, seconds.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// emptyIfNil makes a missing list an empty JSON array rather than null.
func emptyIfNil(s []string) []string {
	if s == nil {
		return []string{}
	}

	return s
}

// boolOr reads an optional boolean with its default.
func boolOr(b *bool, def bool) bool {
	if b == nil {
		return def
	}

	return *b
}

// PageMeta describes one page of a list. A cursor page leaves out page, total and
// total_pages (counting would cost what the cursor saves); next_cursor is null on the
// last page. Totals are exact up to 1,000 matching rows; above that, on PostgreSQL,
// total is the query planner's estimate and total_exact is false, so a page of a
// million-row catalog does not pay for an exact count.
type PageMeta struct {
	Page       *int    `json:"page,omitempty" example:"1"`
	PageSize   int     `json:"page_size" example:"20"`
	Total      *int64  `json:"total,omitempty" example:"57"`
	TotalExact *bool   `json:"total_exact,omitempty" example:"true"`
	TotalPages *int    `json:"total_pages,omitempty" example:"3"`
	NextCursor *string `json:"next_cursor" extensions:"x-nullable" example:"eyJ2IjoiMjAyNi0x"`
}

// PageResponse is one page of a list of R.
type PageResponse[R any] struct {
	Data []R      `json:"data"`
	Meta PageMeta `json:"meta"`
}

// pageFrom converts a use-case page with the resource's converter.
func pageFrom[E, R any](p usecase.Page[E], conv func(E) R) PageResponse[R] {
	out := PageResponse[R]{Data: make([]R, len(p.Items))}
	for i, e := range p.Items {
		out.Data[i] = conv(e)
	}

	out.Meta.PageSize = p.PageSize
	if p.HasTotal {
		page, total, exact, pages := p.Page, p.Total, p.TotalExact, p.TotalPages
		out.Meta.Page, out.Meta.Total, out.Meta.TotalPages = &page, &total, &pages
		out.Meta.TotalExact = &exact
	}

	if p.NextCursor != "" {
		next := p.NextCursor
		out.Meta.NextCursor = &next
	}

	return out
}
