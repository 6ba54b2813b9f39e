package usecase

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gamarriando/product-service/domain"
)

// memStore is an in-memory Store for the use cases' unit tests. It keeps just enough
// behaviour (unique slugs, versions, counters) to test the rules; the repository
// contract tests prove the real stores on SQLite and PostgreSQL. Transactions are
// serialized by one mutex and rolled back by restoring a snapshot.
type memStore struct {
	mu         sync.Mutex
	products   map[int64]domain.Product
	categories map[int64]domain.Category
	vendors    map[int64]domain.Vendor
	nextID     int64
	// takeSlug, when set, is called before a product insert; tests use it to
	// simulate another request winning the race for a derived slug, which they
	// record in foreign (outside the rolled-back snapshot).
	takeSlug func(domain.Slug) bool
	foreign  []domain.Slug
	// keys are the idempotency records; busy makes TryLock fail, as a concurrent
	// request holding the key would.
	keys map[string]IdempotencyRecord
	busy bool
}

func newMemStore() *memStore {
	return &memStore{products: map[int64]domain.Product{},
		categories: map[int64]domain.Category{}, vendors: map[int64]domain.Vendor{},
		keys: map[string]IdempotencyRecord{}}
}

func (m *memStore) Products() ProductRepository    { return memProducts{m} }
func (m *memStore) Categories() CategoryRepository { return memCategories{m} }
func (m *memStore) Vendors() VendorRepository      { return memVendors{m} }

func (m *memStore) Idempotency() IdempotencyRepository { return memKeys{m} }

func (m *memStore) Tx(_ context.Context, fn func(Repos) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()

	p, c, v := clone(m.products), clone(m.categories), clone(m.vendors)
	keys := make(map[string]IdempotencyRecord, len(m.keys))
	for k, r := range m.keys {
		keys[k] = r
	}

	err := fn(m)
	if err != nil {
		m.products, m.categories, m.vendors, m.keys = p, c, v, keys
	}

	return err
}

func clone[T any](in map[int64]T) map[int64]T {
	out := make(map[int64]T, len(in))
	for k, v := range in {
		out[k] = v
	}

	return out
}

func (m *memStore) id() int64 { m.nextID++; return m.nextID }

type memProducts struct{ m *memStore }

func (r memProducts) Get(_ context.Context, id int64) (domain.Product, error) {
	p, ok := r.m.products[id]
	if !ok {
		return p, &domain.NotFoundError{Resource: domain.ResourceProduct, ID: id}
	}

	return p, nil
}

func (r memProducts) GetForUpdate(ctx context.Context, id int64) (domain.Product, error) {
	return r.Get(ctx, id)
}

func (r memProducts) slugTaken(s domain.Slug, except int64) bool {
	if slices.Contains(r.m.foreign, s) {
		return true
	}

	for _, p := range r.m.products {
		if p.Slug == s && p.ID != except {
			return true
		}
	}

	return false
}

func (r memProducts) Create(_ context.Context, p *domain.Product) error {
	if r.m.takeSlug != nil && r.m.takeSlug(p.Slug) {
		return &domain.ConflictError{Resource: domain.ResourceProduct, Field: "slug"}
	}

	if r.slugTaken(p.Slug, 0) {
		return &domain.ConflictError{Resource: domain.ResourceProduct, Field: "slug"}
	}

	p.ID, p.Version = r.m.id(), 1
	r.m.products[p.ID] = *p

	return nil
}

func (r memProducts) Update(_ context.Context, p *domain.Product) error {
	cur, ok := r.m.products[p.ID]
	switch {
	case !ok:
		return &domain.NotFoundError{Resource: domain.ResourceProduct, ID: p.ID}
	case cur.Version != p.Version:
		return &domain.PreconditionError{Resource: domain.ResourceProduct, ID: p.ID}
	case r.slugTaken(p.Slug, p.ID):
		return &domain.ConflictError{Resource: domain.ResourceProduct, Field: "slug"}
	}

	p.Version++
	r.m.products[p.ID] = *p

	return nil
}

func (r memProducts) Delete(_ context.Context, id int64) error {
	delete(r.m.products, id)

	return nil
}

func (r memProducts) List(context.Context, ProductFilter, ListQuery) ([]domain.Product,
	error) {
	return nil, nil
}

func (r memProducts) Count(context.Context, ProductFilter) (Total, error) {
	return Total{Exact: true}, nil
}

func (r memProducts) SlugsLike(_ context.Context, base domain.Slug) ([]domain.Slug, error) {
	out := slices.Clone(r.m.foreign)
	for _, p := range r.m.products {
		if strings.HasPrefix(string(p.Slug), string(base)) {
			out = append(out, p.Slug)
		}
	}

	return out, nil
}

func (r memProducts) CountByCategory(_ context.Context, id int64) (int64, error) {
	n := int64(0)
	for _, p := range r.m.products {
		if p.CategoryID == id {
			n++
		}
	}

	return n, nil
}

func (r memProducts) CountByVendor(_ context.Context, id int64) (int64, error) {
	n := int64(0)
	for _, p := range r.m.products {
		if p.VendorID == id {
			n++
		}
	}

	return n, nil
}

type memCategories struct{ m *memStore }

func (r memCategories) Get(_ context.Context, id int64) (domain.Category, error) {
	c, ok := r.m.categories[id]
	if !ok {
		return c, &domain.NotFoundError{Resource: domain.ResourceCategory, ID: id}
	}

	return c, nil
}

func (r memCategories) GetForUpdate(ctx context.Context, id int64) (domain.Category, error) {
	return r.Get(ctx, id)
}

func (r memCategories) Create(_ context.Context, c *domain.Category) error {
	for _, o := range r.m.categories {
		if o.Slug == c.Slug {
			return &domain.ConflictError{Resource: domain.ResourceCategory, Field: "slug"}
		}
	}

	c.ID, c.Version = r.m.id(), 1
	r.m.categories[c.ID] = *c

	return nil
}

func (r memCategories) Update(_ context.Context, c *domain.Category) error {
	c.Version++
	r.m.categories[c.ID] = *c

	return nil
}

func (r memCategories) Delete(_ context.Context, id int64) error {
	delete(r.m.categories, id)

	return nil
}

func (r memCategories) List(context.Context, CategoryFilter, ListQuery) ([]domain.Category,
	error) {
	return nil, nil
}

func (r memCategories) Count(context.Context, CategoryFilter) (Total, error) {
	return Total{Exact: true}, nil
}

func (r memCategories) SlugsLike(_ context.Context, base domain.Slug) ([]domain.Slug,
	error) {
	var out []domain.Slug
	for _, c := range r.m.categories {
		if strings.HasPrefix(string(c.Slug), string(base)) {
			out = append(out, c.Slug)
		}
	}

	return out, nil
}

func (r memCategories) Exists(_ context.Context, id int64) (bool, error) {
	_, ok := r.m.categories[id]

	return ok, nil
}

func (r memCategories) SubtreeIDs(_ context.Context, id int64) ([]int64, error) {
	ids := []int64{id}
	for i := 0; i < len(ids); i++ {
		for _, c := range r.m.categories {
			if c.ParentID != nil && *c.ParentID == ids[i] && !slices.Contains(ids, c.ID) {
				ids = append(ids, c.ID)
			}
		}
	}

	return ids, nil
}

func (r memCategories) AncestorIDs(_ context.Context, id int64, limit int) ([]int64, error) {
	var out []int64
	for c := r.m.categories[id]; c.ParentID != nil && len(out) < limit; {
		out = append(out, *c.ParentID)
		c = r.m.categories[*c.ParentID]
	}

	return out, nil
}

func (r memCategories) CountChildren(_ context.Context, id int64) (int64, error) {
	n := int64(0)
	for _, c := range r.m.categories {
		if c.ParentID != nil && *c.ParentID == id {
			n++
		}
	}

	return n, nil
}

func (r memCategories) LockTree(context.Context) error { return nil }

type memVendors struct{ m *memStore }

func (r memVendors) Get(_ context.Context, id int64) (domain.Vendor, error) {
	v, ok := r.m.vendors[id]
	if !ok {
		return v, &domain.NotFoundError{Resource: domain.ResourceVendor, ID: id}
	}

	return v, nil
}

func (r memVendors) GetForUpdate(ctx context.Context, id int64) (domain.Vendor, error) {
	return r.Get(ctx, id)
}

func (r memVendors) Create(_ context.Context, v *domain.Vendor) error {
	for _, o := range r.m.vendors {
		if o.Email == v.Email {
			return &domain.ConflictError{Resource: domain.ResourceVendor, Field: "email"}
		}
	}

	v.ID, v.Version = r.m.id(), 1
	r.m.vendors[v.ID] = *v

	return nil
}

func (r memVendors) Update(_ context.Context, v *domain.Vendor) error {
	v.Version++
	r.m.vendors[v.ID] = *v

	return nil
}

func (r memVendors) Delete(_ context.Context, id int64) error {
	delete(r.m.vendors, id)

	return nil
}

func (r memVendors) List(context.Context, VendorFilter, ListQuery) ([]domain.Vendor, error) {
	return nil, nil
}

func (r memVendors) Count(context.Context, VendorFilter) (Total, error) {
	return Total{Exact: true}, nil
}

func (r memVendors) AdjustProductCount(_ context.Context, id, delta int64) error {
	v, ok := r.m.vendors[id]
	if !ok {
		return &domain.NotFoundError{Resource: domain.ResourceVendor, ID: id}
	}

	v.TotalProducts += delta
	r.m.vendors[id] = v

	return nil
}

type memKeys struct{ m *memStore }

func (r memKeys) TryLock(context.Context, string, string) (bool, error) {
	return !r.m.busy, nil
}

func (r memKeys) Find(_ context.Context, scope, key string,
	notBefore time.Time) (*IdempotencyRecord, error) {
	rec, ok := r.m.keys[scope+"|"+key]
	if !ok || rec.CreatedAt.Before(notBefore) {
		return nil, nil
	}

	return &rec, nil
}

func (r memKeys) Save(_ context.Context, rec IdempotencyRecord) error {
	r.m.keys[rec.Scope+"|"+rec.Key] = rec

	return nil
}

func (r memKeys) Purge(_ context.Context, before time.Time) (int64, error) {
	n := int64(0)
	for k, rec := range r.m.keys {
		if rec.CreatedAt.Before(before) {
			delete(r.m.keys, k)
			n++
		}
	}

	return n, nil
}

func (memProducts) LockSlug(context.Context, domain.Slug) error { return nil }

func (memCategories) LockSlug(context.Context, domain.Slug) error { return nil }
