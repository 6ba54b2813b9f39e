package usecase

import (
	"context"
	"fmt"
	"slices"

	"github.com/gamarriando/product-service/domain"
)

// MaxCategoryDepth is how many levels the category tree may have. It keeps the
// ancestor walk of every move short and makes a corrupt cycle impossible to follow
// forever.
const MaxCategoryDepth = 10

// Categories is the category use case. It keeps the tree acyclic and refuses deletes
// that would orphan products or child categories.
type Categories struct{ store Store }

var categoryList = listSpec[domain.Category]{
	defaultSort: "sort_order",
	keys: map[string]sortKey[domain.Category]{
		"sort_order": func(c domain.Category) any { return int64(c.SortOrder) },
		"name":       func(c domain.Category) any { return c.Name },
	},
	kinds: map[string]valueKind{"sort_order": kindInt, "name": kindString},
	id:    func(c domain.Category) int64 { return c.ID },
}

// Get returns one category.
func (s *Categories) Get(ctx context.Context, id int64) (domain.Category, error) {
	c, err := s.store.Categories().Get(ctx, id)
	if err != nil {
		return domain.Category{}, fmt.Errorf("get category: %w", err)
	}

	if !canSeeCategory(PrincipalFrom(ctx), c) {
		return domain.Category{}, fmt.Errorf("get category: %w",
			&domain.NotFoundError{Resource: domain.ResourceCategory, ID: id})
	}

	return c, nil
}

// Create validates and inserts a category under an existing parent, or as a root.
func (s *Categories) Create(ctx context.Context, in CategoryInput) (domain.Category, error) {
	var out domain.Category
	_, _, err := s.CreateIdempotent(ctx, in, IdempotencyKey{}, keep(&out))

	return out, err
}

// CreateIdempotent is Create under an Idempotency-Key (see Products.CreateIdempotent).
func (s *Categories) CreateIdempotent(ctx context.Context, in CategoryInput,
	k IdempotencyKey, render Render[domain.Category]) (StoredResponse, bool, error) {
	if err := mustBeAdmin(PrincipalFrom(ctx), "create categories"); err != nil {
		return StoredResponse{}, false, fmt.Errorf("create category: %w", err)
	}

	c, err := newCategory(in)
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("create category: %w", err)
	}

	var (
		resp     StoredResponse
		replayed bool
	)

	derived := c.Slug == ""
	err = withSlugRetry(derived, func() error {
		attempt := c
		resp, replayed, err = createOnce(ctx, s.store, k, func(r Repos) (domain.Category,
			error) {
			err := createCategory(ctx, r, &attempt, derived)

			return attempt, err
		}, render)

		return err
	})
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("create category: %w", err)
	}

	return resp, replayed, nil
}

func createCategory(ctx context.Context, r Repos, c *domain.Category, derived bool) error {
	if err := checkParent(ctx, r.Categories(), 0, c.ParentID); err != nil {
		return err
	}

	if derived {
		slug, err := deriveSlug(ctx, r.Categories(), c.Name, "category")
		if err != nil {
			return err
		}

		c.Slug = slug
	}

	return r.Categories().Create(ctx, c)
}

// Replace overwrites every writable field. A change of parent takes the tree lock
// first, so two concurrent moves (A under B, B under A) cannot both pass the cycle
// check.
func (s *Categories) Replace(ctx context.Context, id int64, in CategoryInput,
	o WriteOptions) (domain.Category, error) {
	if err := adminOnly(ctx, "change categories", id, s.Get); err != nil {
		return domain.Category{}, fmt.Errorf("replace category: %w", err)
	}

	next, err := newCategory(in)
	if err != nil {
		return domain.Category{}, fmt.Errorf("replace category: %w", err)
	}

	err = s.store.Tx(ctx, func(r Repos) error {
		if next.ParentID != nil {
			if err := r.Categories().LockTree(ctx); err != nil {
				return err
			}
		}

		cur, err := r.Categories().GetForUpdate(ctx, id)
		if err != nil {
			return err
		}

		if err := checkVersion(domain.ResourceCategory, id, cur.Version, o); err != nil {
			return err
		}

		if err := checkParent(ctx, r.Categories(), id, next.ParentID); err != nil {
			return err
		}

		if next.Slug == "" {
			next.Slug = cur.Slug
		}

		next.ID, next.Version, next.CreatedAt = cur.ID, cur.Version, cur.CreatedAt

		return r.Categories().Update(ctx, &next)
	})
	if err != nil {
		return domain.Category{}, fmt.Errorf("replace category: %w", err)
	}

	return next, nil
}

// checkParent requires the parent to exist, to be neither the category itself nor one
// of its descendants, and to leave the tree within MaxCategoryDepth. id is 0 for a
// category not yet created.
func checkParent(ctx context.Context, repo CategoryRepository, id int64, parent *int64) error {
	if parent == nil {
		return nil
	}

	if *parent == id {
		return invalidParent("must not be the category itself")
	}

	ok, err := repo.Exists(ctx, *parent)
	if err != nil {
		return err
	}

	if !ok {
		return invalidParent(errNotExisting.Error())
	}

	ancestors, err := repo.AncestorIDs(ctx, *parent, MaxCategoryDepth)
	if err != nil {
		return err
	}

	if id != 0 && slices.Contains(ancestors, id) {
		return invalidParent("must not be a descendant of the category (would create a cycle)")
	}

	if len(ancestors)+2 > MaxCategoryDepth {
		return invalidParent(fmt.Sprintf("would make the tree deeper than %d levels",
			MaxCategoryDepth))
	}

	return nil
}

func invalidParent(msg string) error {
	return &domain.ValidationError{Fields: []domain.FieldError{
		{Field: "parent_id", Message: msg}}}
}

// Delete removes a category that has no products and no child categories; otherwise
// the error says what blocks it. The row is locked first, so a product or child added
// meanwhile is either seen by the counts or refused by the foreign key.
func (s *Categories) Delete(ctx context.Context, id int64, o WriteOptions) error {
	if err := adminOnly(ctx, "delete categories", id, s.Get); err != nil {
		return fmt.Errorf("delete category: %w", err)
	}

	err := s.store.Tx(ctx, func(r Repos) error {
		cur, err := r.Categories().GetForUpdate(ctx, id)
		if err != nil {
			return err
		}

		if err := checkVersion(domain.ResourceCategory, id, cur.Version, o); err != nil {
			return err
		}

		if err := categoryBlockers(ctx, r, id); err != nil {
			return err
		}

		return r.Categories().Delete(ctx, id)
	})
	if err != nil {
		return fmt.Errorf("delete category: %w", err)
	}

	return nil
}

func categoryBlockers(ctx context.Context, r Repos, id int64) error {
	children, err := r.Categories().CountChildren(ctx, id)
	if err != nil {
		return err
	}

	products, err := r.Products().CountByCategory(ctx, id)
	if err != nil {
		return err
	}

	var blockers []string
	if products > 0 {
		blockers = append(blockers, plural(products, "product", "products"))
	}

	if children > 0 {
		blockers = append(blockers, plural(children, "child category", "child categories"))
	}

	if len(blockers) == 0 {
		return nil
	}

	return &domain.BlockedDeleteError{Resource: domain.ResourceCategory, ID: id,
		Blockers: blockers}
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}

	return fmt.Sprintf("%d %s", n, many)
}

// List returns one page of categories.
func (s *Categories) List(ctx context.Context,
	p CategoryListParams) (Page[domain.Category], error) {
	q, err := categoryList.plan(p.PageRequest)
	if err != nil {
		return Page[domain.Category]{}, err
	}

	f := CategoryFilter{IsActive: p.IsActive}
	if !PrincipalFrom(ctx).IsAdmin() {
		if p.IsActive != nil && !*p.IsActive {
			return emptyPage[domain.Category](p.PageRequest), nil
		}

		active := true
		f.IsActive = &active
	}
	if f.Search, err = searchTerm(p.Query); err != nil {
		return Page[domain.Category]{}, err
	}

	switch {
	case p.ParentID == nil:
	case *p.ParentID == 0:
		f.RootsOnly = true
	case *p.ParentID < 0:
		return Page[domain.Category]{}, &domain.ParameterError{Name: "parent_id",
			Message: "must be 0 (roots) or a positive id"}
	default:
		f.ParentID = *p.ParentID
	}

	repo := s.store.Categories()
	page, err := listPage(ctx, categoryList, p.PageRequest, q,
		func(q ListQuery) ([]domain.Category, error) { return repo.List(ctx, f, q) },
		func() (Total, error) { return repo.Count(ctx, f) })
	if err != nil {
		return Page[domain.Category]{}, fmt.Errorf("list categories: %w", err)
	}

	return page, nil
}

func newCategory(in CategoryInput) (domain.Category, error) {
	var v domain.ValidationError

	c := domain.Category{
		Name:        cleanName(&v, "name", in.Name),
		Slug:        cleanSlug(&v, in.Slug),
		Description: in.Description,
		IsActive:    in.IsActive,
	}

	if in.ParentID != nil {
		parent := *in.ParentID
		c.ParentID = &parent
	}

	checkText(&v, "description", in.Description, MaxDescriptionLength)

	if in.ParentID != nil && *in.ParentID <= 0 {
		v.Add("parent_id", errPositiveID)
	}

	if in.SortOrder < -MaxSortOrder-1 || in.SortOrder > MaxSortOrder {
		v.Addf("sort_order", "must fit a 32-bit integer")
	}

	c.SortOrder = int32(min(max(in.SortOrder, -MaxSortOrder-1), MaxSortOrder))

	return c, v.Err()
}
