package httpapi

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gamarriando/product-service/usecase"
)

// pageParams are the query parameters every list accepts.
var pageParams = []string{"page", "page_size", "cursor", "sort"}

// query reads the query string of one list. Unknown parameters, repeats of a
// non-repeatable one, text that is not valid UTF-8 and values of the wrong type are all
// collected, so one 400 names every problem. Range rules (page_size at most 100, the
// sort allowlist) belong to the use case, which reports them as parameter errors too.
type query struct {
	values url.Values
	issues []FieldProblem
}

// parseQuery checks the parameter names of raw against the list's own filters.
func parseQuery(raw string, filters []string, repeatable ...string) (*query, error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, newRequestError(kindParameter, "the query string is malformed")
	}

	q := &query{values: values}
	for _, name := range sortedKeys(values) {
		switch {
		case !validText(name):
			q.add("?", "parameter names must be valid UTF-8 text")
		case !slices.Contains(pageParams, name) && !slices.Contains(filters, name):
			q.add(name, "is not a parameter of this list")
		case len(values[name]) > 1 && !slices.Contains(repeatable, name):
			q.add(name, "must be given at most once")
		case slices.ContainsFunc(values[name], invalidText):
			q.add(name, "must be valid UTF-8 text without NUL characters")
		}
	}

	return q, nil
}

func validText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func invalidText(s string) bool { return !validText(s) }

func (q *query) add(name, message string) {
	for _, p := range q.issues {
		if p.Field == name {
			return
		}
	}

	q.issues = append(q.issues, FieldProblem{Field: name, Message: message})
}

func (q *query) has(name string) bool { return q.values.Has(name) }

func (q *query) str(name string) string { return q.values.Get(name) }

func (q *query) strs(name string) []string { return q.values[name] }

// integer reads a decimal integer that fits an int; 0 when absent.
func (q *query) integer(name string) int {
	if !q.has(name) {
		return 0
	}

	v, err := strconv.Atoi(q.str(name))
	if err != nil || strings.HasPrefix(q.str(name), "+") {
		q.add(name, "must be an integer")

		return 0
	}

	return v
}

// id reads a positive 64-bit id; 0 when absent.
func (q *query) id(name string) int64 {
	if !q.has(name) {
		return 0
	}

	v, ok := parseID(q.str(name))
	if !ok {
		q.add(name, "must be a positive integer id")
	}

	return v
}

// optionalID reads an id where 0 has a meaning of its own (parent_id=0 is "roots").
func (q *query) optionalID(name string) *int64 {
	if !q.has(name) {
		return nil
	}

	if q.str(name) == "0" {
		zero := int64(0)

		return &zero
	}

	v := q.id(name)

	return &v
}

// boolean reads exactly true or false: anything else is a 400, never a silent false.
func (q *query) boolean(name string) *bool {
	if !q.has(name) {
		return nil
	}

	switch q.str(name) {
	case "true":
		v := true

		return &v
	case "false":
		v := false

		return &v
	}

	q.add(name, "must be true or false")

	return nil
}

// page reads the paging parameters. The use case takes 0 to mean "absent", so an
// explicit 0 is caught here rather than silently becoming the default.
func (q *query) page() usecase.PageRequest {
	p := usecase.PageRequest{
		Page:     q.integer("page"),
		PageSize: q.integer("page_size"),
		Cursor:   q.str("cursor"),
		Sort:     q.str("sort"),
	}

	if q.has("page") && p.Page == 0 {
		q.add("page", "must be 1 or more")
	}

	if q.has("page_size") && p.PageSize == 0 {
		q.add("page_size", fmt.Sprintf("must be from 1 to %d", usecase.MaxPageSize))
	}

	return p
}

func (q *query) err() error {
	if len(q.issues) == 0 {
		return nil
	}

	detail := q.issues[0].Field + ": " + q.issues[0].Message
	if len(q.issues) > 1 {
		detail = fmt.Sprintf("%d query parameters are wrong", len(q.issues))
	}

	return newRequestError(kindParameter, detail, q.issues...)
}

// parseID reads a path or query id: decimal digits only, positive, within int64.
func parseID(s string) (int64, bool) {
	if !allDigits(s) {
		return 0, false
	}

	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, false
	}

	return v, true
}

func deref(b *bool) bool { return b != nil && *b }

// productListParams reads GET /products.
func productListParams(raw string) (usecase.ProductListParams, error) {
	q, err := parseQuery(raw, []string{"category_id", "include_subcategories", "vendor_id",
		"status", "min_price", "max_price", "in_stock", "tag", "q"}, "tag")
	if err != nil {
		return usecase.ProductListParams{}, err
	}

	p := usecase.ProductListParams{
		PageRequest:          q.page(),
		CategoryID:           q.id("category_id"),
		IncludeSubcategories: deref(q.boolean("include_subcategories")),
		VendorID:             q.id("vendor_id"),
		Status:               q.str("status"),
		MinPrice:             q.str("min_price"),
		MaxPrice:             q.str("max_price"),
		InStock:              deref(q.boolean("in_stock")),
		Tags:                 q.strs("tag"),
		Query:                q.str("q"),
	}

	return p, q.err()
}

// categoryListParams reads GET /categories.
func categoryListParams(raw string) (usecase.CategoryListParams, error) {
	q, err := parseQuery(raw, []string{"parent_id", "is_active", "q"})
	if err != nil {
		return usecase.CategoryListParams{}, err
	}

	p := usecase.CategoryListParams{
		PageRequest: q.page(),
		ParentID:    q.optionalID("parent_id"),
		IsActive:    q.boolean("is_active"),
		Query:       q.str("q"),
	}

	return p, q.err()
}

// vendorListParams reads GET /vendors.
func vendorListParams(raw string) (usecase.VendorListParams, error) {
	q, err := parseQuery(raw, []string{"is_active", "is_verified", "min_rating", "q"})
	if err != nil {
		return usecase.VendorListParams{}, err
	}

	p := usecase.VendorListParams{
		PageRequest: q.page(),
		IsActive:    q.boolean("is_active"),
		IsVerified:  q.boolean("is_verified"),
		MinRating:   q.str("min_rating"),
		Query:       q.str("q"),
	}

	return p, q.err()
}
