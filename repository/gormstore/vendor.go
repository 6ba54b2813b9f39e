package gormstore

import (
	"context"
	"fmt"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type vendorRepo repos

var _ usecase.VendorRepository = vendorRepo{}

var vendorSorts = sortColumns{
	"name":       {column: "name", kind: kindText},
	"rating":     {column: "rating", kind: kindDecimal},
	"created_at": {column: "created_at", kind: kindTime},
}

func vendorTarget(op string, id int64) target {
	return target{op: op + " vendor", resource: domain.ResourceVendor, id: id,
		unique: "email"}
}

func (r vendorRepo) Get(ctx context.Context, id int64) (domain.Vendor, error) {
	return r.get(ctx, id, "get", false)
}

func (r vendorRepo) GetForUpdate(ctx context.Context, id int64) (domain.Vendor, error) {
	return r.get(ctx, id, "lock", true)
}

func (r vendorRepo) get(ctx context.Context, id int64, op string,
	lock bool) (domain.Vendor, error) {
	m, err := takeByID[vendorModel](ctx, r.db.Select(vendorColumns), id, lock)
	if err != nil {
		return domain.Vendor{}, vendorTarget(op, id).translate(err)
	}

	return m.toDomain()
}

// Create stores the email lower-cased, which is what makes it unique regardless of
// case, and writes the stored form back into v.
func (r vendorRepo) Create(ctx context.Context, v *domain.Vendor) error {
	at := now()
	m := vendorFromDomain(*v)
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = 0, 1, at, at

	if err := r.db.WithContext(ctx).Omit(clause.Associations).Create(&m).Error; err != nil {
		return vendorTarget("create", 0).translate(err)
	}

	v.ID, v.Email, v.Version, v.CreatedAt, v.UpdatedAt = m.ID, m.Email, m.Version, at, at

	return nil
}

// Update leaves total_products alone: only AdjustProductCount changes it.
func (r vendorRepo) Update(ctx context.Context, v *domain.Vendor) error {
	at := now()
	m := vendorFromDomain(*v)
	values := map[string]any{
		"name":        m.Name,
		"email":       m.Email,
		"phone":       m.Phone,
		"address":     m.Address,
		"description": m.Description,
		"is_active":   m.IsActive,
		"is_verified": m.IsVerified,
		"rating":      m.Rating,
		"search_text": m.SearchText,
		"version":     gorm.Expr("version + 1"),
		"updated_at":  at,
	}

	t := vendorTarget("update", v.ID)
	res := r.db.WithContext(ctx).Model(&vendorModel{}).
		Where("id = ? AND version = ?", v.ID, v.Version).Updates(values)
	if res.Error != nil {
		return t.translate(res.Error)
	}

	if res.RowsAffected == 0 {
		return versionMismatch(ctx, r.db, &vendorModel{}, t)
	}

	v.Email, v.Version, v.UpdatedAt = m.Email, v.Version+1, at

	return nil
}

func (r vendorRepo) Delete(ctx context.Context, id int64) error {
	t := vendorTarget("delete", id)
	t.deleting = true

	return deleteByID(ctx, r.db, &vendorModel{}, t)
}

func (r vendorRepo) List(ctx context.Context, f usecase.VendorFilter,
	q usecase.ListQuery) ([]domain.Vendor, error) {
	t := vendorTarget("list", 0)
	db := filterVendors(r.db.WithContext(ctx).Model(&vendorModel{}).Select(vendorColumns), f)
	db, err := applyListQuery(db, vendorSorts, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.op, err)
	}

	var ms []vendorModel
	if err := db.Find(&ms).Error; err != nil {
		return nil, t.translate(err)
	}

	vendors := make([]domain.Vendor, len(ms))
	for i, m := range ms {
		if vendors[i], err = m.toDomain(); err != nil {
			return nil, fmt.Errorf("%s: %w", t.op, err)
		}
	}

	return vendors, nil
}

func (r vendorRepo) Count(ctx context.Context, f usecase.VendorFilter) (usecase.Total, error) {
	return listTotal(ctx, r.db, &vendorModel{}, vendorTarget("count", 0),
		func(db *gorm.DB) *gorm.DB { return filterVendors(db, f) })
}

func filterVendors(db *gorm.DB, f usecase.VendorFilter) *gorm.DB {
	if f.IsActive != nil {
		db = db.Where("is_active = ?", *f.IsActive)
	}

	if f.IsVerified != nil {
		db = db.Where("is_verified = ?", *f.IsVerified)
	}

	if f.MinRating != nil {
		db = db.Where("rating >= ?", hundredths(*f.MinRating))
	}

	if f.Search != "" {
		db = db.Where(searchCondition(f.Search))
	}

	return db
}

// AdjustProductCount is a single relative UPDATE, so concurrent product writes
// serialize on the row instead of losing each other's increments. It does not bump
// the vendor's version: the count is not something a client writes, and bumping it
// would fail every conditional update a vendor races with its own product writes.
func (r vendorRepo) AdjustProductCount(ctx context.Context, id int64, delta int64) error {
	t := vendorTarget("adjust product count of", id)
	res := r.db.WithContext(ctx).Model(&vendorModel{}).Where("id = ?", id).
		Updates(map[string]any{"total_products": gorm.Expr("total_products + ?", delta),
			"version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return t.translate(res.Error)
	}

	if res.RowsAffected == 0 {
		return t.translate(gorm.ErrRecordNotFound)
	}

	return nil
}
