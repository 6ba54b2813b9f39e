package usecase

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gamarriando/product-service/domain"
)

// sortKey reads the value of a sort field from an entity, for building a cursor.
type sortKey[T any] func(T) any

// listSpec describes how a resource may be sorted.
type listSpec[T any] struct {
	defaultSort string
	keys        map[string]sortKey[T]
	// kinds says which Go type each sort field's cursor value has.
	kinds map[string]valueKind
	id    func(T) int64
}

// valueKind is the type of a sort column's value in a cursor.
type valueKind int

const (
	kindInt valueKind = iota
	kindString
	kindTime
)

// cursor is the opaque position a client passes back. It names the sort it belongs to,
// so a cursor cannot be replayed under another order.
type cursor struct {
	Sort  string `json:"s"`
	Value any    `json:"v"`
	ID    int64  `json:"i"`
}

// plan turns a page request into the query the repository runs. It checks every
// parameter against the contract's limits and the resource's sort allowlist.
func (s listSpec[T]) plan(p PageRequest) (ListQuery, error) {
	sortName := p.Sort
	if sortName == "" {
		sortName = s.defaultSort
	}

	field := strings.TrimPrefix(sortName, "-")
	if _, ok := s.keys[field]; !ok {
		return ListQuery{}, &domain.ParameterError{Name: "sort",
			Message: "must be one of " + s.allowedSorts()}
	}

	size, err := pageSize(p.PageSize)
	if err != nil {
		return ListQuery{}, err
	}

	q := ListQuery{Sort: Sort{Field: field, Desc: strings.HasPrefix(sortName, "-")},
		Limit: size}

	if p.Cursor != "" {
		if p.Page != 0 {
			return ListQuery{}, &domain.ParameterError{Name: "page",
				Message: "cannot be combined with cursor"}
		}

		q.After, err = s.decodeCursor(p.Cursor, sortName)

		return q, err
	}

	q.Offset, err = offset(p.Page, size)

	return q, err
}

func (s listSpec[T]) allowedSorts() string {
	names := make([]string, 0, 2*len(s.keys))
	for k := range s.keys {
		names = append(names, k, "-"+k)
	}

	slices.Sort(names)

	return strings.Join(names, ", ")
}

func pageSize(n int) (int, error) {
	switch {
	case n == 0:
		return DefaultPageSize, nil
	case n < 1 || n > MaxPageSize:
		return 0, &domain.ParameterError{Name: "page_size",
			Message: fmt.Sprintf("must be from 1 to %d", MaxPageSize)}
	}

	return n, nil
}

func offset(page, size int) (int, error) {
	if page == 0 {
		page = 1
	}

	if page < 1 {
		return 0, &domain.ParameterError{Name: "page", Message: "must be 1 or more"}
	}

	if off := (page - 1) * size; page <= MaxOffset && off <= MaxOffset {
		return off, nil
	}

	return 0, &domain.ParameterError{Name: "page", Message: fmt.Sprintf(
		"is too deep for offset paging (more than %d rows): use cursor", MaxOffset)}
}

// build assembles the page from one row more than asked, which tells whether a next
// page exists without a second query.
func (s listSpec[T]) build(rows []T, q ListQuery, sortName string) Page[T] {
	page := Page[T]{Items: rows, PageSize: q.Limit}
	if len(rows) > q.Limit {
		page.Items = rows[:q.Limit]
		last := page.Items[q.Limit-1]
		page.NextCursor = s.encodeCursor(last, q.Sort.Field, sortName)
	}

	if page.Items == nil {
		page.Items = []T{}
	}

	return page
}

// withTotal adds the page number and totals that offset paging reports.
func withTotal[T any](p Page[T], q ListQuery, total Total) Page[T] {
	p.HasTotal, p.TotalExact = true, total.Exact
	p.Total = total.N
	p.Page = q.Offset/q.Limit + 1
	p.TotalPages = int((total.N + int64(q.Limit) - 1) / int64(q.Limit))

	return p
}

func (s listSpec[T]) encodeCursor(last T, field, sortName string) string {
	v := s.keys[field](last)
	if t, ok := v.(time.Time); ok {
		v = t.UTC().Format(time.RFC3339Nano)
	}

	raw, _ := json.Marshal(cursor{Sort: sortName, Value: v, ID: s.id(last)})

	return base64.RawURLEncoding.EncodeToString(raw)
}

func (s listSpec[T]) decodeCursor(text, sortName string) (*Keyset, error) {
	bad := &domain.ParameterError{Name: "cursor",
		Message: "is not a cursor of this list and sort order"}

	raw, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil || len(text) > 1024 {
		return nil, bad
	}

	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()

	var c cursor
	if dec.Decode(&c) != nil || c.Sort != sortName || c.ID <= 0 {
		return nil, bad
	}

	v, ok := s.cursorValue(strings.TrimPrefix(sortName, "-"), c.Value)
	if !ok {
		return nil, bad
	}

	return &Keyset{Value: v, ID: c.ID}, nil
}

// cursorValue restores the Go type the repository expects for the sort column.
func (s listSpec[T]) cursorValue(field string, v any) (any, bool) {
	kind := s.kinds[field]
	switch val := v.(type) {
	case string:
		if kind == kindString {
			return val, true
		}

		t, err := time.Parse(time.RFC3339Nano, val)

		return t.UTC(), err == nil && kind == kindTime
	case json.Number:
		n, err := val.Int64()

		return n, err == nil && kind == kindInt
	}

	return nil, false
}
