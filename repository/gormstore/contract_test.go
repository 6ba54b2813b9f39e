package gormstore_test

// The contract suite: every test runs against SQLite and PostgreSQL, each time on a
// fresh database (a new file, or a new schema), through the usecase ports only.

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/repository/dbtest"
	"github.com/gamarriando/product-service/repository/gormstore"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
)

type backend struct {
	name string
	open func(testing.TB) *gorm.DB
}

var backends = []backend{
	{name: "sqlite", open: dbtest.SQLite},
	{name: "postgres", open: dbtest.Postgres},
}

// harness is one test's store and the raw database under it. The raw handle is only
// for arranging states the ports cannot produce, such as equal timestamps.
type harness struct {
	t       *testing.T
	ctx     context.Context
	db      *gorm.DB
	store   *gormstore.Store
	backend string
}

// forEachBackend runs fn once per backend, each on a database of its own.
func forEachBackend(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Helper()

	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t)
			fn(t, &harness{t: t, ctx: context.Background(), db: db, store: gormstore.New(db),
				backend: b.name})
		})
	}
}

func (h *harness) category(name string, edit ...func(*domain.Category)) domain.Category {
	h.t.Helper()

	c := domain.Category{Name: name, Slug: domain.DeriveSlug(name, "c"), IsActive: true}
	for _, e := range edit {
		e(&c)
	}

	if err := h.store.Categories().Create(h.ctx, &c); err != nil {
		h.t.Fatalf("create category %q: %v", name, err)
	}

	return c
}

func (h *harness) vendor(name string, edit ...func(*domain.Vendor)) domain.Vendor {
	h.t.Helper()

	v := domain.Vendor{Name: name, Email: string(domain.DeriveSlug(name, "v")) + "@example.com",
		IsActive: true}
	for _, e := range edit {
		e(&v)
	}

	if err := h.store.Vendors().Create(h.ctx, &v); err != nil {
		h.t.Fatalf("create vendor %q: %v", name, err)
	}

	return v
}

func (h *harness) product(name string, categoryID, vendorID int64,
	edit ...func(*domain.Product)) domain.Product {
	h.t.Helper()

	p := newProduct(name, categoryID, vendorID)
	for _, e := range edit {
		e(&p)
	}

	if err := h.store.Products().Create(h.ctx, &p); err != nil {
		h.t.Fatalf("create product %q: %v", name, err)
	}

	return p
}

func newProduct(name string, categoryID, vendorID int64) domain.Product {
	return domain.Product{
		Name:       name,
		Slug:       domain.DeriveSlug(name, "p"),
		Price:      domain.MustMoney("10.00"),
		Stock:      1,
		Status:     domain.ProductActive,
		CategoryID: categoryID,
		VendorID:   vendorID,
		Images:     []string{},
		Tags:       []string{},
	}
}

// leakMarkers are fragments of driver and SQL text that must never appear in an error
// this package returns.
var leakMarkers = []string{"SQLSTATE", "ERROR", "duplicate", "violates", "constraint",
	"UNIQUE", "FOREIGN", "CHECK", "_key", "fk_", "sqlite", "pgx", "gorm", "INSERT",
	"UPDATE", "SELECT", "127.0.0.1", "dial"}

func assertClean(t *testing.T, err error) {
	t.Helper()

	for _, m := range leakMarkers {
		if strings.Contains(err.Error(), m) {
			t.Errorf("error text %q contains %q", err.Error(), m)
		}
	}
}

func wantNotFound(t *testing.T, err error, res domain.Resource, id int64) {
	t.Helper()

	var nf *domain.NotFoundError
	if !errors.As(err, &nf) || nf.Resource != res || nf.ID != id {
		t.Fatalf("err = %v, want %s %d not found", err, res, id)
	}

	assertClean(t, err)
}

func wantConflict(t *testing.T, err error, field string) {
	t.Helper()

	var ce *domain.ConflictError
	if !errors.As(err, &ce) || ce.Field != field {
		t.Fatalf("err = %v, want a conflict on %s", err, field)
	}

	assertClean(t, err)
}

// wantInvalid checks a validation error naming exactly the fields given.
func wantInvalid(t *testing.T, err error, fields ...string) {
	t.Helper()

	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a validation error on %v", err, fields)
	}

	got := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		got[i] = f.Field
	}

	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Fatalf("invalid fields = %v, want %v", got, fields)
	}

	assertClean(t, err)
}

func wantBlocked(t *testing.T, err error, res domain.Resource, id int64) {
	t.Helper()

	var be *domain.BlockedDeleteError
	if !errors.As(err, &be) || be.Resource != res || be.ID != id || len(be.Blockers) == 0 {
		t.Fatalf("err = %v, want a blocked delete of %s %d", err, res, id)
	}

	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("blocked delete %v does not match ErrConflict", err)
	}

	assertClean(t, err)
}

func wantPrecondition(t *testing.T, err error, current int64) {
	t.Helper()

	var pe *domain.PreconditionError
	if !errors.As(err, &pe) || pe.Current != current {
		t.Fatalf("err = %v, want a precondition failure at version %d", err, current)
	}
}

func ptr[T any](v T) *T { return &v }

// all is a query for a whole small table in the given order.
func all(field string, desc bool) usecase.ListQuery {
	return usecase.ListQuery{Sort: usecase.Sort{Field: field, Desc: desc}, Limit: 1000}
}
