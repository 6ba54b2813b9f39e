package usecase

import (
	"context"
	"errors"

	"github.com/gamarriando/product-service/domain"
)

// checkVersion enforces WriteOptions.IfVersion against the row read under lock, in the
// same transaction as the write, so there is no window between check and write.
func checkVersion(res domain.Resource, id, current int64, o WriteOptions) error {
	if o.IfVersion == 0 || o.IfVersion == current {
		return nil
	}

	return &domain.PreconditionError{Resource: res, ID: id, Current: current}
}

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

// listPage runs a planned list query: one row more than the page for the next cursor,
// and the count only for offset pages.
func listPage[T any](ctx context.Context, spec listSpec[T], p PageRequest, q ListQuery,
	list func(ListQuery) ([]T, error), count func() (Total, error)) (Page[T], error) {
	probe := q
	probe.Limit++

	rows, err := list(probe)
	if err != nil {
		return Page[T]{}, err
	}

	sortName := p.Sort
	if sortName == "" {
		sortName = spec.defaultSort
	}

	page := spec.build(rows, q, sortName)
	if q.After != nil {
		return page, nil
	}

	total, err := count()
	if err != nil {
		return Page[T]{}, err
	}

	return withTotal(page, q, total), nil
}

// emptyPage answers a list whose filters can match nothing the caller may see, without
// a query.
func emptyPage[T any](p PageRequest) Page[T] {
	size := p.PageSize
	if size == 0 {
		size = DefaultPageSize
	}

	page := Page[T]{Items: []T{}, PageSize: size}
	if p.Cursor == "" {
		page.HasTotal, page.TotalExact, page.Page = true, true, max(p.Page, 1)
	}

	return page
}

// keep is the Render of a plain create: it only hands the entity back.
func keep[E any](out *E) Render[E] {
	return func(e E) (StoredResponse, error) {
		*out = e

		return StoredResponse{}, nil
	}
}
