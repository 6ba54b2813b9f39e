package gormstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type productRepo repos

var _ usecase.ProductRepository = productRepo{}

var productSorts = sortColumns{
	"created_at": {column: "created_at", kind: kindTime},
	"price":      {column: "price", kind: kindDecimal},
	"name":       {column: "name", kind: kindText},
	"stock":      {column: "stock", kind: kindInt},
}

func productTarget(op string, id int64) target {
	return target{op: op + " product", resource: domain.ResourceProduct, id: id,
		unique: "slug", refs: []string{"category_id", "vendor_id"}}
}

// productByIDSQL is the hottest query of the service. It is written out and scanned
// by hand (scanProduct) rather than built by GORM per request: statement building and
// reflective scanning took about a quarter of a GET's CPU at a million products.
const productByIDSQL = "SELECT id, name, slug, description, price, stock, status, " +
	"category_id, vendor_id, images, tags, version, created_at, updated_at " +
	"FROM products WHERE id = ?"

func (r productRepo) Get(ctx context.Context, id int64) (domain.Product, error) {
	t := productTarget("get", id)

	rows, err := r.db.WithContext(ctx).Raw(productByIDSQL, id).Rows()
	if err != nil {
		return domain.Product{}, t.translate(err)
	}
	defer rows.Close()

	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return domain.Product{}, t.translate(err)
		}

		return domain.Product{}, t.translate(gorm.ErrRecordNotFound)
	}

	m, err := scanProduct(rows)
	if err != nil {
		return domain.Product{}, t.translate(err)
	}

	return m.toDomain()
}

// scanProduct reads one row in productByIDSQL's column order.
func scanProduct(rows *sql.Rows) (productModel, error) {
	var m productModel
	err := rows.Scan(&m.ID, &m.Name, &m.Slug, &m.Description, &m.Price, &m.Stock, &m.Status,
		&m.CategoryID, &m.VendorID, &m.Images, &m.Tags, &m.Version, &m.CreatedAt,
		&m.UpdatedAt)

	return m, err
}

func (r productRepo) GetForUpdate(ctx context.Context, id int64) (domain.Product, error) {
	return r.get(ctx, id, "lock", true)
}

func (r productRepo) get(ctx context.Context, id int64, op string,
	lock bool) (domain.Product, error) {
	m, err := takeByID[productModel](ctx, r.db.Select(productColumns), id, lock)
	if err != nil {
		return domain.Product{}, productTarget(op, id).translate(err)
	}

	return m.toDomain()
}

func (r productRepo) Create(ctx context.Context, p *domain.Product) error {
	at := now()
	m := productFromDomain(*p)
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = 0, 1, at, at

	if err := r.db.WithContext(ctx).Omit(clause.Associations).Create(&m).Error; err != nil {
		return r.writeError(ctx, productTarget("create", 0), *p, err)
	}

	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = m.ID, m.Version, at, at

	return nil
}

func (r productRepo) Update(ctx context.Context, p *domain.Product) error {
	at := now()
	m := productFromDomain(*p)
	values := map[string]any{
		"name":        m.Name,
		"slug":        m.Slug,
		"description": m.Description,
		"price":       m.Price,
		"stock":       m.Stock,
		"status":      m.Status,
		"category_id": m.CategoryID,
		"vendor_id":   m.VendorID,
		"images":      m.Images,
		"tags":        m.Tags,
		"search_text": m.SearchText,
		"version":     gorm.Expr("version + 1"),
		"updated_at":  at,
	}

	t := productTarget("update", p.ID)
	res := r.db.WithContext(ctx).Model(&productModel{}).
		Where("id = ? AND version = ?", p.ID, p.Version).Updates(values)
	if res.Error != nil {
		return r.writeError(ctx, t, *p, res.Error)
	}

	if res.RowsAffected == 0 {
		return versionMismatch(ctx, r.db, &productModel{}, t)
	}

	p.Version, p.UpdatedAt = p.Version+1, at

	return nil
}

// writeError translates a failed insert or update. SQLite does not say which foreign
// key failed, so then the references are looked up to name the missing ones.
func (r productRepo) writeError(ctx context.Context, t target, p domain.Product,
	err error) error {
	kind, hint := violationOf(err)
	if kind != violationForeignKey || len(t.refFields(hint)) < 2 {
		return t.translate(err)
	}

	missing := r.absentReferences(ctx, p)
	if len(missing) == 0 {
		return t.translate(err)
	}

	return fmt.Errorf("%s: %w", t.op, missingReferences(missing))
}

// absentReferences names the references of p whose rows are gone. It gives up
// quietly (no names) when it cannot tell, such as inside an aborted transaction.
func (r productRepo) absentReferences(ctx context.Context, p domain.Product) []string {
	var missing []string
	for _, ref := range []struct {
		field string
		model any
		id    int64
	}{
		{"category_id", &categoryModel{}, p.CategoryID},
		{"vendor_id", &vendorModel{}, p.VendorID},
	} {
		var n int64
		err := primary(r.db).WithContext(ctx).Model(ref.model).Where("id = ?", ref.id).
			Count(&n).Error
		if err != nil {
			return nil
		}

		if n == 0 {
			missing = append(missing, ref.field)
		}
	}

	return missing
}

func (r productRepo) Delete(ctx context.Context, id int64) error {
	t := productTarget("delete", id)
	t.deleting = true

	return deleteByID(ctx, r.db, &productModel{}, t)
}

func (r productRepo) List(ctx context.Context, f usecase.ProductFilter,
	q usecase.ListQuery) ([]domain.Product, error) {
	t := productTarget("list", 0)
	db := r.filter(r.db.WithContext(ctx).Model(&productModel{}).Select(productColumns), f)
	db, err := applyListQuery(db, productSorts, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.op, err)
	}

	var ms []productModel
	if err := db.Find(&ms).Error; err != nil {
		return nil, t.translate(err)
	}

	products := make([]domain.Product, len(ms))
	for i, m := range ms {
		if products[i], err = m.toDomain(); err != nil {
			return nil, fmt.Errorf("%s: %w", t.op, err)
		}
	}

	return products, nil
}

func (r productRepo) Count(ctx context.Context, f usecase.ProductFilter) (usecase.Total, error) {
	return listTotal(ctx, r.db, &productModel{}, productTarget("count", 0),
		func(db *gorm.DB) *gorm.DB { return r.filter(db, f) })
}

func (r productRepo) filter(db *gorm.DB, f usecase.ProductFilter) *gorm.DB {
	if len(f.CategoryIDs) > 0 {
		db = db.Where("category_id IN ?", f.CategoryIDs)
	}

	if f.VendorID != 0 {
		db = db.Where("vendor_id = ?", f.VendorID)
	}

	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			statuses[i] = string(s)
		}

		db = db.Where("status IN ?", statuses)
	}

	if f.MinPrice != nil {
		db = db.Where("price >= ?", hundredths(f.MinPrice.Cents()))
	}

	if f.MaxPrice != nil {
		db = db.Where("price <= ?", hundredths(f.MaxPrice.Cents()))
	}

	if f.InStock {
		db = db.Where("stock > 0")
	}

	if len(f.Tags) > 0 {
		db = db.Where(r.tagsCondition(f.Tags))
	}

	if f.Search != "" {
		db = db.Where(searchCondition(f.Search))
	}

	switch {
	case f.PublishedOnly && f.OwnVendorID > 0:
		db = db.Where("(status = ? OR vendor_id = ?)", string(domain.ProductActive),
			f.OwnVendorID)
	case f.PublishedOnly:
		db = db.Where("status = ?", string(domain.ProductActive))
	}

	return db
}

// tagsCondition matches products carrying every tag. PostgreSQL uses jsonb
// containment; SQLite looks each tag up in the JSON array.
func (r productRepo) tagsCondition(tags []string) clause.Expr {
	if isPostgres(r.db) {
		return clause.Expr{SQL: "tags @> ?::jsonb", Vars: []any{stringList(tags)}}
	}

	parts := make([]string, len(tags))
	vars := make([]any, len(tags))
	for i, tag := range tags {
		parts[i] = "EXISTS (SELECT 1 FROM json_each(products.tags) WHERE json_each.value = ?)"
		vars[i] = tag
	}

	return clause.Expr{SQL: strings.Join(parts, " AND "), Vars: vars}
}

func (r productRepo) SlugsLike(ctx context.Context, base domain.Slug) ([]domain.Slug, error) {
	return slugsLike(ctx, primary(r.db), &productModel{}, productTarget("find slugs of", 0), base)
}

func (r productRepo) LockSlug(ctx context.Context, base domain.Slug) error {
	return lockSlug(ctx, r.db, "products", productTarget("lock slug of", 0), base)
}

func (r productRepo) CountByCategory(ctx context.Context, categoryID int64) (int64, error) {
	return count(ctx, primary(r.db), &productModel{}, productTarget("count", 0),
		func(db *gorm.DB) *gorm.DB { return db.Where("category_id = ?", categoryID) })
}

func (r productRepo) CountByVendor(ctx context.Context, vendorID int64) (int64, error) {
	return count(ctx, primary(r.db), &productModel{}, productTarget("count", 0),
		func(db *gorm.DB) *gorm.DB { return db.Where("vendor_id = ?", vendorID) })
}
