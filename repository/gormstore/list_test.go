package gormstore_test

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
	"github.com/gamarriando/product-service/usecase"
)

// catalog is a small fixed data set for the product filters.
type catalog struct {
	catA, catB, catC   domain.Category
	v1, v2             domain.Vendor
	p1, p2, p3, p4, p5 domain.Product
	byName             map[string]int64
}

func seedCatalog(h *harness) catalog {
	var c catalog
	c.catA = h.category("A")
	c.catB = h.category("B", func(x *domain.Category) { x.ParentID = &c.catA.ID })
	c.catC = h.category("C")
	c.v1, c.v2 = h.vendor("V1"), h.vendor("V2")

	mk := func(name, price string, stock int32, st domain.ProductStatus, cat domain.Category,
		v domain.Vendor, desc string, tags ...string) domain.Product {
		return h.product(name, cat.ID, v.ID, func(p *domain.Product) {
			p.Price, p.Stock, p.Status, p.Description = domain.MustMoney(price), stock, st, desc
			p.Tags = tags
		})
	}

	c.p1 = mk("Silla de jardín", "29.99", 0, domain.ProductActive, c.catA, c.v1,
		"Para el Jardín", "madera", "exterior")
	c.p2 = mk("Mesa", "30.00", 5, domain.ProductDraft, c.catB, c.v1, "Comedor", "madera")
	c.p3 = mk("Lámpara", "29.98", 2, domain.ProductInactive, c.catC, c.v2, "", "exterior")
	c.p4 = mk("100% algodón", "5.00", 3, domain.ProductActive, c.catC, c.v2, "Toalla")
	c.p5 = mk("Cojín", "99999999.99", 1, domain.ProductArchived, c.catA, c.v2, "Sofá",
		"textil", "exterior", "madera")

	return c
}

func TestProductListFilters(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		c := seedCatalog(h)
		money := func(s string) *domain.Money { return ptr(domain.MustMoney(s)) }

		tests := []struct {
			name   string
			filter usecase.ProductFilter
			want   []domain.Product
		}{
			{"none", usecase.ProductFilter{}, []domain.Product{c.p1, c.p2, c.p3, c.p4, c.p5}},
			{"category", usecase.ProductFilter{CategoryIDs: []int64{c.catA.ID}},
				[]domain.Product{c.p1, c.p5}},
			{"categories", usecase.ProductFilter{CategoryIDs: []int64{c.catA.ID, c.catB.ID}},
				[]domain.Product{c.p1, c.p2, c.p5}},
			{"vendor", usecase.ProductFilter{VendorID: c.v2.ID},
				[]domain.Product{c.p3, c.p4, c.p5}},
			{"status", usecase.ProductFilter{Statuses: []domain.ProductStatus{"active"}},
				[]domain.Product{c.p1, c.p4}},
			{"statuses", usecase.ProductFilter{Statuses: []domain.ProductStatus{"draft",
				"archived"}}, []domain.Product{c.p2, c.p5}},
			{"min price", usecase.ProductFilter{MinPrice: money("29.99")},
				[]domain.Product{c.p1, c.p2, c.p5}},
			{"max price", usecase.ProductFilter{MaxPrice: money("29.99")},
				[]domain.Product{c.p1, c.p3, c.p4}},
			{"exact price", usecase.ProductFilter{MinPrice: money("29.99"),
				MaxPrice: money("29.99")}, []domain.Product{c.p1}},
			{"top price", usecase.ProductFilter{MinPrice: money("99999999.99")},
				[]domain.Product{c.p5}},
			{"in stock", usecase.ProductFilter{InStock: true},
				[]domain.Product{c.p2, c.p3, c.p4, c.p5}},
			{"tag", usecase.ProductFilter{Tags: []string{"madera"}},
				[]domain.Product{c.p1, c.p2, c.p5}},
			{"two tags", usecase.ProductFilter{Tags: []string{"madera", "exterior"}},
				[]domain.Product{c.p1, c.p5}},
			{"three tags", usecase.ProductFilter{Tags: []string{"exterior", "textil",
				"madera"}}, []domain.Product{c.p5}},
			{"unknown tag", usecase.ProductFilter{Tags: []string{"nope"}}, nil},
			{"search folded", usecase.ProductFilter{Search: domain.Fold("JARDIN")},
				[]domain.Product{c.p1}},
			{"search accent", usecase.ProductFilter{Search: domain.Fold("LÁMPARA")},
				[]domain.Product{c.p3}},
			{"search description", usecase.ProductFilter{Search: domain.Fold("sofa")},
				[]domain.Product{c.p5}},
			{"search percent", usecase.ProductFilter{Search: "%"}, []domain.Product{c.p4}},
			{"search underscore", usecase.ProductFilter{Search: "_"}, nil},
			{"search backslash", usecase.ProductFilter{Search: `\`}, nil},
			{"combined", usecase.ProductFilter{VendorID: c.v1.ID, InStock: true},
				[]domain.Product{c.p2}},
			{"published", usecase.ProductFilter{PublishedOnly: true},
				[]domain.Product{c.p1, c.p4}},
			{"published or own", usecase.ProductFilter{PublishedOnly: true,
				OwnVendorID: c.v1.ID}, []domain.Product{c.p1, c.p2, c.p4}},
			{"published, own, in stock", usecase.ProductFilter{PublishedOnly: true,
				OwnVendorID: c.v2.ID, InStock: true}, []domain.Product{c.p3, c.p4, c.p5}},
		}

		for _, tt := range tests {
			got, err := h.store.Products().List(h.ctx, tt.filter, all("", false))
			if err != nil {
				t.Fatalf("%s: list: %v", tt.name, err)
			}

			if !slices.Equal(productIDs(got), productIDs(tt.want)) {
				t.Errorf("%s: ids = %v, want %v", tt.name, productIDs(got), productIDs(tt.want))
			}

			n, err := h.store.Products().Count(h.ctx, tt.filter)
			if err != nil || n != (usecase.Total{N: int64(len(tt.want)), Exact: true}) {
				t.Errorf("%s: count = %+v, %v; want %d", tt.name, n, err, len(tt.want))
			}
		}
	})
}

func productIDs(ps []domain.Product) []int64 {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}

	return ids
}

// productKey is the keyset of p for a sort field, as the use case builds cursors.
func productKey(field string, p domain.Product) usecase.Keyset {
	var v any
	switch field {
	case "price":
		v = p.Price.Cents()
	case "stock":
		v = int64(p.Stock)
	case "name":
		v = p.Name
	case "created_at":
		v = p.CreatedAt
	}

	return usecase.Keyset{Value: v, ID: p.ID}
}

func compareProducts(field string) func(a, b domain.Product) int {
	return func(a, b domain.Product) int {
		var c int
		switch field {
		case "price":
			c = cmp.Compare(a.Price.Cents(), b.Price.Cents())
		case "stock":
			c = cmp.Compare(a.Stock, b.Stock)
		case "name":
			c = cmp.Compare(a.Name, b.Name)
		case "created_at":
			c = a.CreatedAt.Compare(b.CreatedAt)
		}

		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	}
}

// seedTies makes products whose every sort value repeats, so that only the id
// tie-break keeps the order total. Half of them share one created_at.
func seedTies(h *harness) []domain.Product {
	cat, ven := h.category("Hogar"), h.vendor("Acme")
	prices := []string{"2.00", "1.00", "2.00", "3.00", "2.00", "1.00", "2.00", "3.00", "2.00"}
	names := []string{"b", "a", "b", "c", "b", "a", "b", "b", "a"}

	var ids []int64
	for i := range prices {
		p := h.product(fmt.Sprintf("item %d", i), cat.ID, ven.ID, func(p *domain.Product) {
			p.Price, p.Stock, p.Name = domain.MustMoney(prices[i]), int32(i%3), names[i]
		})
		ids = append(ids, p.ID)
	}

	shared := time.Date(2026, 12, 3, 18, 15, 0, 123456000, time.UTC)
	if err := h.db.Exec("UPDATE products SET created_at = ? WHERE id IN ?", shared,
		ids[:5]).Error; err != nil {
		h.t.Fatalf("share created_at: %v", err)
	}

	ps, err := h.store.Products().List(h.ctx, usecase.ProductFilter{}, all("", false))
	if err != nil {
		h.t.Fatalf("list ties: %v", err)
	}

	return ps
}

func TestProductSortAndKeyset(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		rows := seedTies(h)
		for _, field := range []string{"created_at", "price", "name", "stock"} {
			for _, desc := range []bool{false, true} {
				want := slices.Clone(rows)
				slices.SortFunc(want, compareProducts(field))
				if desc {
					slices.Reverse(want)
				}

				list := func(q usecase.ListQuery) ([]domain.Product, error) {
					return h.store.Products().List(h.ctx, usecase.ProductFilter{}, q)
				}
				checkPaging(t, fmt.Sprintf("%s desc=%v", field, desc),
					usecase.Sort{Field: field, Desc: desc}, list, productIDs(want),
					func(p domain.Product) usecase.Keyset { return productKey(field, p) },
					func(p domain.Product) int64 { return p.ID })
			}
		}
	})
}

// checkPaging lists in one go, then by offset pages and by keyset pages of several
// sizes, and wants the same ids in the same order every time: each row exactly once.
func checkPaging[T any](t *testing.T, name string, sort usecase.Sort,
	list func(usecase.ListQuery) ([]T, error), want []int64,
	key func(T) usecase.Keyset, id func(T) int64) {
	t.Helper()

	full, err := list(usecase.ListQuery{Sort: sort, Limit: 100})
	if err != nil {
		t.Fatalf("%s: list: %v", name, err)
	}

	if got := mapIDs(full, id); !slices.Equal(got, want) {
		t.Fatalf("%s: order = %v, want %v", name, got, want)
	}

	for _, size := range []int{1, 2, 4} {
		var byOffset, byKeyset []int64
		var after *usecase.Keyset
		for page := 0; page <= len(want); page++ {
			rows, err := list(usecase.ListQuery{Sort: sort, Limit: size, Offset: page * size})
			if err != nil {
				t.Fatalf("%s: offset page: %v", name, err)
			}

			byOffset = append(byOffset, mapIDs(rows, id)...)

			rows, err = list(usecase.ListQuery{Sort: sort, Limit: size, After: after})
			if err != nil {
				t.Fatalf("%s: keyset page: %v", name, err)
			}

			byKeyset = append(byKeyset, mapIDs(rows, id)...)
			if len(rows) == 0 {
				break
			}

			k := key(rows[len(rows)-1])
			after = &k
		}

		if !slices.Equal(byOffset, want) || !slices.Equal(byKeyset, want) {
			t.Errorf("%s, pages of %d: offset %v, keyset %v, want %v", name, size, byOffset,
				byKeyset, want)
		}
	}
}

func mapIDs[T any](rows []T, id func(T) int64) []int64 {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = id(r)
	}

	return ids
}

func TestListRejectsBadSortAndCursor(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		bad := []usecase.ListQuery{
			{Sort: usecase.Sort{Field: "slug; DROP TABLE products"}, Limit: 10},
			{Sort: usecase.Sort{Field: "search_text"}, Limit: 10},
			{Sort: usecase.Sort{Field: "price"}, Limit: 10,
				After: &usecase.Keyset{Value: "29.99", ID: 1}},
			{Sort: usecase.Sort{Field: "created_at"}, Limit: 10,
				After: &usecase.Keyset{Value: int64(5), ID: 1}},
		}
		for _, q := range bad {
			_, err := h.store.Products().List(h.ctx, usecase.ProductFilter{}, q)
			var pe *domain.ParameterError
			if !errors.As(err, &pe) {
				t.Errorf("query %+v: err = %v, want a parameter error", q, err)
			}
		}
	})
}

func TestCategoryListFiltersAndSorts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		order := func(n int32) func(*domain.Category) {
			return func(c *domain.Category) { c.SortOrder = n }
		}

		root := h.category("Hogar y Jardín", order(2))
		other := h.category("Cocina", order(1))
		kids := []domain.Category{
			h.category("Macetas", order(1), func(c *domain.Category) { c.ParentID = &root.ID }),
			h.category("Riego", order(1), func(c *domain.Category) {
				c.ParentID, c.IsActive = &root.ID, false
			}),
			h.category("Abono", order(0), func(c *domain.Category) {
				c.ParentID, c.Description = &root.ID, "Para el jardín"
			}),
		}

		tests := []struct {
			name   string
			filter usecase.CategoryFilter
			want   []domain.Category
		}{
			{"roots", usecase.CategoryFilter{RootsOnly: true}, []domain.Category{root, other}},
			{"parent", usecase.CategoryFilter{ParentID: root.ID}, kids},
			{"active", usecase.CategoryFilter{IsActive: ptr(true)},
				[]domain.Category{root, other, kids[0], kids[2]}},
			{"inactive", usecase.CategoryFilter{IsActive: ptr(false)}, kids[1:2]},
			{"search", usecase.CategoryFilter{Search: domain.Fold("JARDIN")},
				[]domain.Category{root, kids[2]}},
			{"parent and active", usecase.CategoryFilter{ParentID: root.ID,
				IsActive: ptr(false)}, kids[1:2]},
		}
		for _, tt := range tests {
			got, err := h.store.Categories().List(h.ctx, tt.filter, all("", false))
			if err != nil || !slices.Equal(categoryIDs(got), categoryIDs(tt.want)) {
				t.Errorf("%s: ids = %v, %v; want %v", tt.name, categoryIDs(got), err,
					categoryIDs(tt.want))
			}

			n, err := h.store.Categories().Count(h.ctx, tt.filter)
			if err != nil || n != (usecase.Total{N: int64(len(tt.want)), Exact: true}) {
				t.Errorf("%s: count = %+v, %v; want %d", tt.name, n, err, len(tt.want))
			}
		}

		rows := append([]domain.Category{root, other}, kids...)
		for _, field := range []string{"sort_order", "name"} {
			for _, desc := range []bool{false, true} {
				want := slices.Clone(rows)
				slices.SortFunc(want, func(a, b domain.Category) int {
					c := cmp.Compare(a.Name, b.Name)
					if field == "sort_order" {
						c = cmp.Compare(a.SortOrder, b.SortOrder)
					}

					return cmp.Or(c, cmp.Compare(a.ID, b.ID))
				})
				if desc {
					slices.Reverse(want)
				}

				key := func(c domain.Category) usecase.Keyset {
					if field == "sort_order" {
						return usecase.Keyset{Value: int64(c.SortOrder), ID: c.ID}
					}

					return usecase.Keyset{Value: c.Name, ID: c.ID}
				}
				list := func(q usecase.ListQuery) ([]domain.Category, error) {
					return h.store.Categories().List(h.ctx, usecase.CategoryFilter{}, q)
				}
				checkPaging(t, fmt.Sprintf("%s desc=%v", field, desc),
					usecase.Sort{Field: field, Desc: desc}, list, categoryIDs(want), key,
					func(c domain.Category) int64 { return c.ID })
			}
		}
	})
}

func categoryIDs(cs []domain.Category) []int64 {
	return mapIDs(cs, func(c domain.Category) int64 { return c.ID })
}

func TestVendorListFiltersAndSorts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		rated := func(r string, active, verified bool) func(*domain.Vendor) {
			return func(v *domain.Vendor) {
				v.Rating, v.IsActive, v.IsVerified = mustRating(t, r), active, verified
			}
		}

		vs := []domain.Vendor{
			h.vendor("Jardinería Ñandú", rated("4.50", true, true)),
			h.vendor("Acme", rated("4.49", true, false)),
			h.vendor("Globex", rated("4.50", false, true)),
			h.vendor("Initech", rated("5.00", true, false), func(v *domain.Vendor) {
				v.Description = "Todo para el JARDÍN"
			}),
			h.vendor("Hooli", rated("0.00", false, false)),
		}

		tests := []struct {
			name   string
			filter usecase.VendorFilter
			want   []domain.Vendor
		}{
			{"active", usecase.VendorFilter{IsActive: ptr(true)}, []domain.Vendor{vs[0], vs[1],
				vs[3]}},
			{"inactive", usecase.VendorFilter{IsActive: ptr(false)}, []domain.Vendor{vs[2],
				vs[4]}},
			{"verified", usecase.VendorFilter{IsVerified: ptr(true)}, []domain.Vendor{vs[0],
				vs[2]}},
			{"min rating", usecase.VendorFilter{MinRating: ptr(int64(450))},
				[]domain.Vendor{vs[0], vs[2], vs[3]}},
			{"min rating top", usecase.VendorFilter{MinRating: ptr(int64(500))},
				[]domain.Vendor{vs[3]}},
			{"search", usecase.VendorFilter{Search: domain.Fold("jardin")},
				[]domain.Vendor{vs[0], vs[3]}},
			{"search nandu", usecase.VendorFilter{Search: domain.Fold("ÑANDÚ")},
				[]domain.Vendor{vs[0]}},
			{"active verified", usecase.VendorFilter{IsActive: ptr(true),
				IsVerified: ptr(true)}, []domain.Vendor{vs[0]}},
		}
		for _, tt := range tests {
			got, err := h.store.Vendors().List(h.ctx, tt.filter, all("", false))
			if err != nil || !slices.Equal(vendorIDs(got), vendorIDs(tt.want)) {
				t.Errorf("%s: ids = %v, %v; want %v", tt.name, vendorIDs(got), err,
					vendorIDs(tt.want))
			}

			n, err := h.store.Vendors().Count(h.ctx, tt.filter)
			if err != nil || n != (usecase.Total{N: int64(len(tt.want)), Exact: true}) {
				t.Errorf("%s: count = %+v, %v; want %d", tt.name, n, err, len(tt.want))
			}
		}

		shared := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
		if err := h.db.Exec("UPDATE vendors SET created_at = ? WHERE id IN ?", shared,
			vendorIDs(vs[:3])).Error; err != nil {
			t.Fatalf("share created_at: %v", err)
		}

		rows, err := h.store.Vendors().List(h.ctx, usecase.VendorFilter{}, all("", false))
		if err != nil {
			t.Fatalf("list: %v", err)
		}

		for _, field := range []string{"name", "rating", "created_at"} {
			for _, desc := range []bool{false, true} {
				want := slices.Clone(rows)
				slices.SortFunc(want, func(a, b domain.Vendor) int {
					c := cmp.Compare(a.Name, b.Name)
					switch field {
					case "rating":
						c = cmp.Compare(a.Rating.Hundredths(), b.Rating.Hundredths())
					case "created_at":
						c = a.CreatedAt.Compare(b.CreatedAt)
					}

					return cmp.Or(c, cmp.Compare(a.ID, b.ID))
				})
				if desc {
					slices.Reverse(want)
				}

				key := func(v domain.Vendor) usecase.Keyset {
					switch field {
					case "rating":
						return usecase.Keyset{Value: int64(v.Rating.Hundredths()), ID: v.ID}
					case "created_at":
						return usecase.Keyset{Value: v.CreatedAt, ID: v.ID}
					}

					return usecase.Keyset{Value: v.Name, ID: v.ID}
				}
				list := func(q usecase.ListQuery) ([]domain.Vendor, error) {
					return h.store.Vendors().List(h.ctx, usecase.VendorFilter{}, q)
				}
				checkPaging(t, fmt.Sprintf("%s desc=%v", field, desc),
					usecase.Sort{Field: field, Desc: desc}, list, vendorIDs(want), key,
					func(v domain.Vendor) int64 { return v.ID })
			}
		}
	})
}

func vendorIDs(vs []domain.Vendor) []int64 {
	return mapIDs(vs, func(v domain.Vendor) int64 { return v.ID })
}
