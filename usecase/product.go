package usecase

import (
	"context"
	"fmt"
	"strings"

	"github.com/gamarriando/product-service/domain"
)

// Products is the product use case. Every write keeps vendors.total_products exact in
// the same transaction as the product row.
type Products struct{ store Store }

var productList = listSpec[domain.Product]{
	defaultSort: "-created_at",
	keys: map[string]sortKey[domain.Product]{
		"created_at": func(p domain.Product) any { return p.CreatedAt },
		"price":      func(p domain.Product) any { return p.Price.Cents() },
		"name":       func(p domain.Product) any { return p.Name },
		"stock":      func(p domain.Product) any { return int64(p.Stock) },
	},
	kinds: map[string]valueKind{"created_at": kindTime, "price": kindInt,
		"name": kindString, "stock": kindInt},
	id: func(p domain.Product) int64 { return p.ID },
}

// Get returns one product.
func (s *Products) Get(ctx context.Context, id int64) (domain.Product, error) {
	p, err := s.store.Products().Get(ctx, id)
	if err != nil {
		return domain.Product{}, fmt.Errorf("get product: %w", err)
	}

	if !canSeeProduct(PrincipalFrom(ctx), p) {
		return domain.Product{}, fmt.Errorf("get product: %w",
			&domain.NotFoundError{Resource: domain.ResourceProduct, ID: id})
	}

	return p, nil
}

// Create validates a new product, derives its slug when none is given, and inserts it
// while adding one to its vendor's total_products.
func (s *Products) Create(ctx context.Context, in ProductInput) (domain.Product, error) {
	var out domain.Product
	_, _, err := s.CreateIdempotent(ctx, in, IdempotencyKey{}, keep(&out))

	return out, err
}

// CreateIdempotent is Create under an Idempotency-Key: the product, its counter and
// the stored response commit together, and a retry replays that response.
func (s *Products) CreateIdempotent(ctx context.Context, in ProductInput, k IdempotencyKey,
	render Render[domain.Product]) (StoredResponse, bool, error) {
	who := PrincipalFrom(ctx)
	if err := mustWrite(who); err != nil {
		return StoredResponse{}, false, fmt.Errorf("create product: %w", err)
	}

	p, err := newProduct(in)
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("create product: %w", err)
	}

	if err := authorizeProduct(who, nil, &p); err != nil {
		return StoredResponse{}, false, fmt.Errorf("create product: %w", err)
	}

	var (
		resp     StoredResponse
		replayed bool
	)

	derived := p.Slug == ""
	err = withSlugRetry(derived, func() error {
		attempt := p
		resp, replayed, err = createOnce(ctx, s.store, k, func(r Repos) (domain.Product, error) {
			err := createProduct(ctx, r, &attempt, derived)

			return attempt, err
		}, render)

		return err
	})
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("create product: %w", err)
	}

	return resp, replayed, nil
}

func createProduct(ctx context.Context, r Repos, p *domain.Product, derived bool) error {
	if err := checkProductRefs(ctx, r, p.CategoryID, p.VendorID); err != nil {
		return err
	}

	if derived {
		slug, err := deriveSlug(ctx, r.Products(), p.Name, "product")
		if err != nil {
			return err
		}

		p.Slug = slug
	}

	if err := r.Products().Create(ctx, p); err != nil {
		return err
	}

	return r.Vendors().AdjustProductCount(ctx, p.VendorID, +1)
}

// Replace overwrites every writable field. An empty slug keeps the current one. When
// the product moves to another vendor, both counters change in the same transaction,
// the vendor with the lower id first so that concurrent moves lock in one order.
func (s *Products) Replace(ctx context.Context, id int64, in ProductInput,
	o WriteOptions) (domain.Product, error) {
	if err := mustWrite(PrincipalFrom(ctx)); err != nil {
		return domain.Product{}, fmt.Errorf("replace product: %w", err)
	}

	next, err := newProduct(in)
	if err != nil {
		return domain.Product{}, fmt.Errorf("replace product: %w", err)
	}

	err = s.store.Tx(ctx, func(r Repos) error {
		return replaceProduct(ctx, r, id, &next, o)
	})
	if err != nil {
		return domain.Product{}, fmt.Errorf("replace product: %w", err)
	}

	return next, nil
}

func replaceProduct(ctx context.Context, r Repos, id int64, next *domain.Product,
	o WriteOptions) error {
	cur, err := r.Products().GetForUpdate(ctx, id)
	if err != nil {
		return err
	}

	if err := authorizeProduct(PrincipalFrom(ctx), &cur, next); err != nil {
		return err
	}

	if err := checkVersion(domain.ResourceProduct, id, cur.Version, o); err != nil {
		return err
	}

	if err := checkProductRefs(ctx, r, next.CategoryID, next.VendorID); err != nil {
		return err
	}

	if next.Slug == "" {
		next.Slug = cur.Slug
	}

	next.ID, next.Version, next.CreatedAt = cur.ID, cur.Version, cur.CreatedAt
	if err := r.Products().Update(ctx, next); err != nil {
		return err
	}

	return moveCount(ctx, r.Vendors(), cur.VendorID, next.VendorID)
}

// moveCount moves one product from one vendor's counter to another's, touching the
// lower id first.
func moveCount(ctx context.Context, vendors VendorRepository, from, to int64) error {
	if from == to {
		return nil
	}

	first, firstDelta, second, secondDelta := from, int64(-1), to, int64(+1)
	if to < from {
		first, firstDelta, second, secondDelta = to, +1, from, -1
	}

	if err := vendors.AdjustProductCount(ctx, first, firstDelta); err != nil {
		return err
	}

	return vendors.AdjustProductCount(ctx, second, secondDelta)
}

// Delete removes a product and takes it off its vendor's counter.
func (s *Products) Delete(ctx context.Context, id int64, o WriteOptions) error {
	err := s.store.Tx(ctx, func(r Repos) error {
		cur, err := r.Products().GetForUpdate(ctx, id)
		if err != nil {
			return err
		}

		if err := authorizeProduct(PrincipalFrom(ctx), &cur, nil); err != nil {
			return err
		}

		if err := checkVersion(domain.ResourceProduct, id, cur.Version, o); err != nil {
			return err
		}

		if err := r.Products().Delete(ctx, id); err != nil {
			return err
		}

		return r.Vendors().AdjustProductCount(ctx, cur.VendorID, -1)
	})
	if err != nil {
		return fmt.Errorf("delete product: %w", err)
	}

	return nil
}

// List returns one page of products. Offset pages carry an exact total; cursor pages
// skip the count, which is what keeps deep scrolling cheap.
func (s *Products) List(ctx context.Context,
	p ProductListParams) (Page[domain.Product], error) {
	q, err := productList.plan(p.PageRequest)
	if err != nil {
		return Page[domain.Product]{}, err
	}

	f, err := s.filter(ctx, p)
	if err != nil {
		return Page[domain.Product]{}, err
	}

	page, err := listPage(ctx, productList, p.PageRequest, q,
		func(q ListQuery) ([]domain.Product, error) { return s.store.Products().List(ctx, f, q) },
		func() (Total, error) { return s.store.Products().Count(ctx, f) })
	if err != nil {
		return Page[domain.Product]{}, fmt.Errorf("list products: %w", err)
	}

	return page, nil
}

func (s *Products) filter(ctx context.Context, p ProductListParams) (ProductFilter, error) {
	f := ProductFilter{VendorID: p.VendorID, InStock: p.InStock}
	if who := PrincipalFrom(ctx); !who.IsAdmin() {
		f.PublishedOnly = true
		if who.Role == domain.RoleVendor {
			f.OwnVendorID = who.VendorID
		}
	}

	var err error
	if f.Search, err = searchTerm(p.Query); err != nil {
		return f, err
	}

	if p.Status != "" {
		st, err := domain.ParseProductStatus(p.Status)
		if err != nil {
			return f, &domain.ParameterError{Name: "status", Message: err.Error()}
		}

		f.Statuses = []domain.ProductStatus{st}
	}

	if f.MinPrice, err = priceParam("min_price", p.MinPrice); err != nil {
		return f, err
	}

	if f.MaxPrice, err = priceParam("max_price", p.MaxPrice); err != nil {
		return f, err
	}

	if f.Tags, err = tagParams(p.Tags); err != nil {
		return f, err
	}

	f.CategoryIDs, err = s.categoryIDs(ctx, p.CategoryID, p.IncludeSubcategories)

	return f, err
}

func (s *Products) categoryIDs(ctx context.Context, id int64, subtree bool) ([]int64, error) {
	switch {
	case id == 0 && subtree:
		return nil, &domain.ParameterError{Name: "include_subcategories",
			Message: "needs category_id"}
	case id == 0:
		return nil, nil
	case !subtree:
		return []int64{id}, nil
	}

	ids, err := s.store.Categories().SubtreeIDs(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("list products: subtree: %w", err)
	}

	if len(ids) == 0 {
		ids = []int64{id}
	}

	return ids, nil
}

func priceParam(name, raw string) (*domain.Money, error) {
	if raw == "" {
		return nil, nil
	}

	m, err := domain.ParseMoney(raw)
	if err != nil {
		return nil, &domain.ParameterError{Name: name, Message: err.Error()}
	}

	return &m, nil
}

func tagParams(raw []string) ([]string, error) {
	if len(raw) > MaxTagFilters {
		return nil, &domain.ParameterError{Name: "tag",
			Message: fmt.Sprintf("may be given at most %d times", MaxTagFilters)}
	}

	tags := make([]string, 0, len(raw))
	for _, t := range raw {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || len(t) > 4*MaxTagLength {
			return nil, &domain.ParameterError{Name: "tag",
				Message: fmt.Sprintf("must be 1 to %d characters", MaxTagLength)}
		}

		tags = append(tags, t)
	}

	return tags, nil
}

// newProduct validates a product input, listing every broken rule at once.
func newProduct(in ProductInput) (domain.Product, error) {
	var v domain.ValidationError

	p := domain.Product{
		Name:        cleanName(&v, "name", in.Name),
		Slug:        cleanSlug(&v, in.Slug),
		Description: in.Description,
		CategoryID:  in.CategoryID,
		VendorID:    in.VendorID,
		Images:      cleanImages(&v, in.Images),
		Tags:        cleanTags(&v, in.Tags),
		Status:      domain.ProductDraft,
	}

	checkText(&v, "description", in.Description, MaxDescriptionLength)
	checkID(&v, "category_id", in.CategoryID)
	checkID(&v, "vendor_id", in.VendorID)

	if in.Price == "" {
		v.Add("price", errRequired)
	} else {
		price, err := domain.ParseMoney(in.Price)
		v.Add("price", err)
		p.Price = price
	}

	if in.Stock < 0 || in.Stock > MaxStock {
		v.Add("stock", errStockRange)
	}

	p.Stock = int32(min(max(in.Stock, 0), MaxStock))

	if in.Status != "" {
		st, err := domain.ParseProductStatus(in.Status)
		v.Add("status", err)
		p.Status = st
	}

	return p, v.Err()
}

// checkProductRefs reports a missing category and a missing vendor together.
func checkProductRefs(ctx context.Context, r Repos, categoryID, vendorID int64) error {
	var v domain.ValidationError

	okCat, err := r.Categories().Exists(ctx, categoryID)
	if err != nil {
		return err
	}

	if !okCat {
		v.Add("category_id", errNotExisting)
	}

	if _, err := r.Vendors().Get(ctx, vendorID); err != nil {
		if !isNotFound(err) {
			return err
		}

		v.Add("vendor_id", errNotExisting)
	}

	return v.Err()
}
