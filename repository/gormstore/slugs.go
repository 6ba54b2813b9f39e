package gormstore

import (
	"context"
	"regexp"

	"github.com/gamarriando/product-service/domain"
	"gorm.io/gorm"
)

// slugsLike returns the slugs of table that are base or base-<digits>. LIKE narrows the
// rows with the index; the pattern then drops look-alikes such as base-x or basement.
func slugsLike(ctx context.Context, db *gorm.DB, model any, t target,
	base domain.Slug) ([]domain.Slug, error) {
	var found []string
	err := db.WithContext(ctx).Model(model).
		Where(`slug = ? OR slug LIKE ? ESCAPE '\'`, string(base), escapeLike(string(base))+"-%").
		Pluck("slug", &found).Error
	if err != nil {
		return nil, t.translate(err)
	}

	suffixed := regexp.MustCompile(`^` + regexp.QuoteMeta(string(base)) + `(-[0-9]+)?$`)
	slugs := make([]domain.Slug, 0, len(found))
	for _, s := range found {
		if suffixed.MatchString(s) {
			slugs = append(slugs, domain.Slug(s))
		}
	}

	return slugs, nil
}

// lockSlug takes a transaction-scoped advisory lock named after the table and the base
// slug, so two creates deriving from one name run their look-up and insert one after
// the other. SQLite runs one writing transaction at a time, which is the same lock.
func lockSlug(ctx context.Context, db *gorm.DB, table string, t target,
	base domain.Slug) error {
	if !isPostgres(db) {
		return nil
	}

	err := db.WithContext(ctx).
		Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", table+":"+string(base)).
		Error

	return t.translate(err)
}
