package usecase

import (
	"context"

	"github.com/gamarriando/product-service/domain"
)

// Store is the storage the use cases need. Implementations turn database errors into
// domain errors: a missing row is a *domain.NotFoundError, a unique violation a
// *domain.ConflictError (even when two requests race past the use case's own checks),
// an unreachable or timed-out database domain.ErrUnavailable.
type Store interface {
	Repos

	// Tx runs fn in one transaction: committed when fn returns nil, rolled back
	// otherwise. The Repos given to fn must be the only ones fn uses.
	Tx(ctx context.Context, fn func(Repos) error) error
}

// Repos gives the three repositories, either on their own or inside one transaction.
type Repos interface {
	Products() ProductRepository
	Categories() CategoryRepository
	Vendors() VendorRepository
	Idempotency() IdempotencyRepository
}

// ProductRepository stores products.
type ProductRepository interface {
	Get(ctx context.Context, id int64) (domain.Product, error)
	// GetForUpdate reads the row and locks it until the transaction ends.
	GetForUpdate(ctx context.Context, id int64) (domain.Product, error)
	// Create inserts p and fills in its ID, Version (1), CreatedAt and UpdatedAt.
	Create(ctx context.Context, p *domain.Product) error
	// Update writes every field of p where the row's version is still p.Version, then
	// bumps p.Version and sets p.UpdatedAt. A changed version is a
	// *domain.PreconditionError, a missing row a *domain.NotFoundError.
	Update(ctx context.Context, p *domain.Product) error
	Delete(ctx context.Context, id int64) error
	List(ctx context.Context, f ProductFilter, q ListQuery) ([]domain.Product, error)
	Count(ctx context.Context, f ProductFilter) (Total, error)
	// SlugsLike returns the taken slugs that are base itself or base followed by
	// "-<digits>", for picking the next free suffix.
	SlugsLike(ctx context.Context, base domain.Slug) ([]domain.Slug, error)
	// LockSlug serializes, until the transaction ends, the creates that derive a slug
	// from the same base, so concurrent ones pick -2, -3, … instead of colliding.
	LockSlug(ctx context.Context, base domain.Slug) error
	// CountByCategory counts the products filed directly under a category.
	CountByCategory(ctx context.Context, categoryID int64) (int64, error)
	// CountByVendor counts a vendor's products from the products table itself.
	CountByVendor(ctx context.Context, vendorID int64) (int64, error)
}

// CategoryRepository stores categories.
type CategoryRepository interface {
	Get(ctx context.Context, id int64) (domain.Category, error)
	GetForUpdate(ctx context.Context, id int64) (domain.Category, error)
	Create(ctx context.Context, c *domain.Category) error
	// Update follows the rules of ProductRepository.Update.
	Update(ctx context.Context, c *domain.Category) error
	Delete(ctx context.Context, id int64) error
	List(ctx context.Context, f CategoryFilter, q ListQuery) ([]domain.Category, error)
	Count(ctx context.Context, f CategoryFilter) (Total, error)
	SlugsLike(ctx context.Context, base domain.Slug) ([]domain.Slug, error)
	// LockSlug follows ProductRepository.LockSlug.
	LockSlug(ctx context.Context, base domain.Slug) error
	// Exists is a cheap existence check that does not load the row.
	Exists(ctx context.Context, id int64) (bool, error)
	// SubtreeIDs returns id and the ids of all its descendants.
	SubtreeIDs(ctx context.Context, id int64) ([]int64, error)
	// AncestorIDs returns the ids on the path from id's parent up to its root, nearest
	// first. It stops after limit steps, so a corrupt cycle cannot loop forever.
	AncestorIDs(ctx context.Context, id int64, limit int) ([]int64, error)
	CountChildren(ctx context.Context, id int64) (int64, error)
	// LockTree serializes changes to the shape of the tree until the transaction ends,
	// so two concurrent moves cannot together build a cycle that each alone would not.
	LockTree(ctx context.Context) error
}

// VendorRepository stores vendors.
type VendorRepository interface {
	Get(ctx context.Context, id int64) (domain.Vendor, error)
	GetForUpdate(ctx context.Context, id int64) (domain.Vendor, error)
	Create(ctx context.Context, v *domain.Vendor) error
	// Update follows the rules of ProductRepository.Update. It never writes
	// TotalProducts: only AdjustProductCount changes that column.
	Update(ctx context.Context, v *domain.Vendor) error
	Delete(ctx context.Context, id int64) error
	List(ctx context.Context, f VendorFilter, q ListQuery) ([]domain.Vendor, error)
	Count(ctx context.Context, f VendorFilter) (Total, error)
	// AdjustProductCount adds delta to total_products in one statement (no
	// read-modify-write) and returns a *domain.NotFoundError when the vendor is gone.
	// It bumps the vendor's version too: the count is part of the vendor's
	// representation, so its ETag must change with it.
	AdjustProductCount(ctx context.Context, id int64, delta int64) error
}

// ExactCountLimit is how many matching rows a list counts exactly. Beyond it a store
// may answer the query planner's estimate instead: counting 800,000 active products
// exactly takes hundreds of milliseconds on every page, an estimate a fraction of one.
const ExactCountLimit = 1000

// Total is the size of a filtered list: exact, or an estimate when the exact count
// would cost more than the page itself (see ExactCountLimit).
type Total struct {
	N     int64
	Exact bool
}

// ListQuery is the shape of one page: order, size and either an offset or a keyset.
type ListQuery struct {
	Sort   Sort
	Limit  int
	Offset int
	// After, when set, starts the page strictly after this position in Sort's order,
	// and Offset is then zero.
	After *Keyset
}

// Sort is one allowlisted column, ascending or descending, always followed by id in the
// same direction as a stable tie-break.
type Sort struct {
	Field string
	Desc  bool
}

// Keyset is the position of the last row of a page: its sort value and its id. Value
// holds the Go type of the column: int64 for prices (in cents), stock, sort_order and
// ratings (in hundredths), string for names, time.Time (UTC, microseconds) for
// timestamps.
type Keyset struct {
	Value any
	ID    int64
}

// ProductFilter narrows a product list. Zero fields do not filter.
type ProductFilter struct {
	// CategoryIDs matches any of these categories (one, or a whole subtree).
	CategoryIDs []int64
	VendorID    int64
	Statuses    []domain.ProductStatus
	MinPrice    *domain.Money
	MaxPrice    *domain.Money
	InStock     bool
	// Tags must all be present on a product.
	Tags []string
	// Search is already folded with domain.Fold; it matches name or description.
	Search string
	// PublishedOnly keeps only active products, except those of OwnVendorID when it is
	// set: what an anonymous reader or a vendor may see.
	PublishedOnly bool
	OwnVendorID   int64
}

// CategoryFilter narrows a category list.
type CategoryFilter struct {
	// ParentID filters by parent; RootsOnly selects categories without one.
	ParentID  int64
	RootsOnly bool
	IsActive  *bool
	Search    string
}

// VendorFilter narrows a vendor list.
type VendorFilter struct {
	IsActive   *bool
	IsVerified *bool
	// MinRating is in hundredths; nil does not filter.
	MinRating *int64
	Search    string
}
