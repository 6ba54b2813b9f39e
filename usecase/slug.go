package usecase

import (
	"context"
	"errors"
	"regexp"
	"strconv"

	"github.com/gamarriando/product-service/domain"
)

// slugAttempts bounds how often a create retries after another request took the slug
// it derived between its look-up and its insert.
const slugAttempts = 5

// nextFreeSlug picks base, or base-2, base-3, … the first not among taken.
func nextFreeSlug(base domain.Slug, taken []domain.Slug) domain.Slug {
	used := make(map[int]bool, len(taken))
	suffix := regexp.MustCompile(`^` + regexp.QuoteMeta(string(base)) + `-([0-9]+)$`)

	for _, t := range taken {
		if t == base {
			used[1] = true

			continue
		}

		if m := suffix.FindStringSubmatch(string(t)); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil {
				used[n] = true
			}
		}
	}

	if !used[1] {
		return base
	}

	n := 2
	for used[n] {
		n++
	}

	return base.WithSuffix(n)
}

// slugRepository is what both products and categories offer for derivation.
type slugRepository interface {
	SlugsLike(ctx context.Context, base domain.Slug) ([]domain.Slug, error)
	LockSlug(ctx context.Context, base domain.Slug) error
}

// deriveSlug finds the first free slug for a name. It holds the base's lock until the
// transaction ends, so a concurrent create of the same name waits and then sees this
// one's slug as taken.
func deriveSlug(ctx context.Context, repo slugRepository, name string,
	fallback domain.Slug) (domain.Slug, error) {
	base := domain.DeriveSlug(name, fallback)

	if err := repo.LockSlug(ctx, base); err != nil {
		return "", err
	}

	taken, err := repo.SlugsLike(ctx, base)
	if err != nil {
		return "", err
	}

	return nextFreeSlug(base, taken), nil
}

// isSlugConflict tells a lost race for a derived slug, which is worth retrying, from
// other conflicts, which are the client's to resolve.
func isSlugConflict(err error) bool {
	var c *domain.ConflictError

	return errors.As(err, &c) && c.Field == "slug"
}

// withSlugRetry runs a create whose slug was derived again when a concurrent request
// took that slug first. A slug given explicitly is never retried: its conflict is a 409.
func withSlugRetry(derived bool, create func() error) error {
	var err error
	for range slugAttempts {
		err = create()
		if !derived || !isSlugConflict(err) {
			return err
		}
	}

	return err
}
