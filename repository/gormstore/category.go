package gormstore

import (
	"context"
	"fmt"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type categoryRepo repos

var _ usecase.CategoryRepository = categoryRepo{}

var categorySorts = sortColumns{
	"sort_order": {column: "sort_order", kind: kindInt},
	"name":       {column: "name", kind: kindText},
}

// maxTreeDepth bounds the recursive walks down the tree, so a cycle left by a bug
// cannot make a query run forever. It is far above any depth the use case allows.
const maxTreeDepth = 100

// treeLockKey is the PostgreSQL advisory lock that serializes changes to the shape of
// the category tree. Its value only has to be unique among this database's locks.
const treeLockKey int64 = 0x6361_7465_676f_7279 // ASCII "category"

func categoryTarget(op string, id int64) target {
	return target{op: op + " category", resource: domain.ResourceCategory, id: id,
		unique: "slug", refs: []string{"parent_id"}}
}

func (r categoryRepo) Get(ctx context.Context, id int64) (domain.Category, error) {
	return r.get(ctx, id, "get", false)
}

func (r categoryRepo) GetForUpdate(ctx context.Context, id int64) (domain.Category, error) {
	return r.get(ctx, id, "lock", true)
}

func (r categoryRepo) get(ctx context.Context, id int64, op string,
	lock bool) (domain.Category, error) {
	m, err := takeByID[categoryModel](ctx, r.db.Select(categoryColumns), id, lock)
	if err != nil {
		return domain.Category{}, categoryTarget(op, id).translate(err)
	}

	return m.toDomain(), nil
}

func (r categoryRepo) Create(ctx context.Context, c *domain.Category) error {
	at := now()
	m := categoryFromDomain(*c)
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = 0, 1, at, at

	if err := r.db.WithContext(ctx).Omit(clause.Associations).Create(&m).Error; err != nil {
		return categoryTarget("create", 0).translate(err)
	}

	c.ID, c.Version, c.CreatedAt, c.UpdatedAt = m.ID, m.Version, at, at

	return nil
}

func (r categoryRepo) Update(ctx context.Context, c *domain.Category) error {
	at := now()
	m := categoryFromDomain(*c)
	values := map[string]any{
		"name":        m.Name,
		"slug":        m.Slug,
		"description": m.Description,
		"parent_id":   m.ParentID,
		"sort_order":  m.SortOrder,
		"is_active":   m.IsActive,
		"search_text": m.SearchText,
		"version":     gorm.Expr("version + 1"),
		"updated_at":  at,
	}

	t := categoryTarget("update", c.ID)
	res := r.db.WithContext(ctx).Model(&categoryModel{}).
		Where("id = ? AND version = ?", c.ID, c.Version).Updates(values)
	if res.Error != nil {
		return t.translate(res.Error)
	}

	if res.RowsAffected == 0 {
		return versionMismatch(ctx, r.db, &categoryModel{}, t)
	}

	c.Version, c.UpdatedAt = c.Version+1, at

	return nil
}

func (r categoryRepo) Delete(ctx context.Context, id int64) error {
	t := categoryTarget("delete", id)
	t.deleting = true

	return deleteByID(ctx, r.db, &categoryModel{}, t)
}

func (r categoryRepo) List(ctx context.Context, f usecase.CategoryFilter,
	q usecase.ListQuery) ([]domain.Category, error) {
	t := categoryTarget("list", 0)
	db := filterCategories(r.db.WithContext(ctx).Model(&categoryModel{}).
		Select(categoryColumns), f)
	db, err := applyListQuery(db, categorySorts, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.op, err)
	}

	var ms []categoryModel
	if err := db.Find(&ms).Error; err != nil {
		return nil, t.translate(err)
	}

	categories := make([]domain.Category, len(ms))
	for i, m := range ms {
		categories[i] = m.toDomain()
	}

	return categories, nil
}

func (r categoryRepo) Count(ctx context.Context, f usecase.CategoryFilter) (usecase.Total, error) {
	return listTotal(ctx, r.db, &categoryModel{}, categoryTarget("count", 0),
		func(db *gorm.DB) *gorm.DB { return filterCategories(db, f) })
}

func filterCategories(db *gorm.DB, f usecase.CategoryFilter) *gorm.DB {
	if f.RootsOnly {
		db = db.Where("parent_id IS NULL")
	}

	if f.ParentID != 0 {
		db = db.Where("parent_id = ?", f.ParentID)
	}

	if f.IsActive != nil {
		db = db.Where("is_active = ?", *f.IsActive)
	}

	if f.Search != "" {
		db = db.Where(searchCondition(f.Search))
	}

	return db
}

func (r categoryRepo) SlugsLike(ctx context.Context, base domain.Slug) ([]domain.Slug, error) {
	return slugsLike(ctx, primary(r.db), &categoryModel{}, categoryTarget("find slugs of", 0), base)
}

func (r categoryRepo) LockSlug(ctx context.Context, base domain.Slug) error {
	return lockSlug(ctx, r.db, "categories", categoryTarget("lock slug of", 0), base)
}

func (r categoryRepo) Exists(ctx context.Context, id int64) (bool, error) {
	n, err := count(ctx, primary(r.db), &categoryModel{}, categoryTarget("check", id),
		func(db *gorm.DB) *gorm.DB { return db.Where("id = ?", id) })

	return n > 0, err
}

func (r categoryRepo) CountChildren(ctx context.Context, id int64) (int64, error) {
	return count(ctx, primary(r.db), &categoryModel{}, categoryTarget("count children of", id),
		func(db *gorm.DB) *gorm.DB { return db.Where("parent_id = ?", id) })
}

// subtreeQuery walks down from a category; the start row is depth 0.
const subtreeQuery = `
WITH RECURSIVE subtree (id, depth) AS (
	SELECT id, 0 FROM categories WHERE id = ?
	UNION ALL
	SELECT c.id, s.depth + 1 FROM categories c JOIN subtree s ON c.parent_id = s.id
	WHERE s.depth < ?
)
SELECT id FROM subtree ORDER BY depth, id`

// SubtreeIDs returns nothing when id does not exist; the use case checks existence.
func (r categoryRepo) SubtreeIDs(ctx context.Context, id int64) ([]int64, error) {
	var ids []int64
	err := primary(r.db).WithContext(ctx).Raw(subtreeQuery, id, maxTreeDepth).Scan(&ids).Error
	if err != nil {
		return nil, categoryTarget("walk subtree of", id).translate(err)
	}

	return distinct(ids), nil
}

// ancestorsQuery walks up from a category; its parent is depth 1.
const ancestorsQuery = `
WITH RECURSIVE up (id, parent_id, depth) AS (
	SELECT id, parent_id, 0 FROM categories WHERE id = ?
	UNION ALL
	SELECT c.id, c.parent_id, u.depth + 1 FROM categories c JOIN up u ON c.id = u.parent_id
	WHERE u.depth < ?
)
SELECT id FROM up WHERE depth > 0 ORDER BY depth`

func (r categoryRepo) AncestorIDs(ctx context.Context, id int64, limit int) ([]int64, error) {
	if limit <= 0 {
		return []int64{}, nil
	}

	ids := []int64{}
	err := primary(r.db).WithContext(ctx).Raw(ancestorsQuery, id, limit).Scan(&ids).Error
	if err != nil {
		return nil, categoryTarget("walk ancestors of", id).translate(err)
	}

	return ids, nil
}

// LockTree takes a transaction-scoped advisory lock on PostgreSQL. SQLite needs none:
// it runs one writing transaction at a time.
func (r categoryRepo) LockTree(ctx context.Context) error {
	if !isPostgres(r.db) {
		return nil
	}

	err := r.db.WithContext(ctx).Exec("SELECT pg_advisory_xact_lock(?)", treeLockKey).Error

	return categoryTarget("lock tree of", 0).translate(err)
}

// distinct drops repeated ids, keeping the first of each; a corrupt tree with a cycle
// would otherwise list rows more than once.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}

	return out
}
