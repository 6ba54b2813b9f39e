package usecase

// Page limits of every list.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	// MaxOffset caps offset paging: deeper pages must use the cursor, whose cost does
	// not grow with depth.
	MaxOffset = 10_000
	// MaxSearchLength caps q, so a search cannot become an expensive pattern.
	MaxSearchLength = 100
	// MaxTagFilters caps the repeatable tag filter.
	MaxTagFilters = 10
)

// PageRequest is what a client asks of paging: a page number or a cursor from an
// earlier page's NextCursor. Zero values take the defaults.
type PageRequest struct {
	Page     int
	PageSize int
	Cursor   string
	// Sort is a field name with an optional "-" prefix for descending; empty takes
	// the resource's default.
	Sort string
}

// Page is one page of a list. With a cursor request HasTotal is false and Page,
// Total and TotalPages are left out.
type Page[T any] struct {
	Items      []T
	Page       int
	PageSize   int
	Total      int64
	TotalPages int
	HasTotal   bool
	// TotalExact is false when Total is the planner's estimate (above
	// ExactCountLimit on PostgreSQL); TotalPages then follows the estimate.
	TotalExact bool
	// NextCursor continues after the last item; empty on the last page.
	NextCursor string
}

// ProductListParams are the filters of GET /products, already typed by the caller but
// not yet checked against the rules.
type ProductListParams struct {
	PageRequest
	CategoryID           int64
	IncludeSubcategories bool
	VendorID             int64
	Status               string
	MinPrice             string
	MaxPrice             string
	InStock              bool
	Tags                 []string
	Query                string
}

// CategoryListParams are the filters of GET /categories. ParentID set to a pointer
// to 0 selects roots.
type CategoryListParams struct {
	PageRequest
	ParentID *int64
	IsActive *bool
	Query    string
}

// VendorListParams are the filters of GET /vendors.
type VendorListParams struct {
	PageRequest
	IsActive   *bool
	IsVerified *bool
	MinRating  string
	Query      string
}
