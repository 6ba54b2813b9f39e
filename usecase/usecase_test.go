package usecase

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gamarriando/product-service/domain"
)

type fixture struct {
	store    *memStore
	svc      Services
	category domain.Category
	vendorA  domain.Vendor
	vendorB  domain.Vendor
}

func newFixture(t *testing.T) fixture {
	t.Helper()

	ctx := admin()
	store := newMemStore()
	svc := NewServices(store)
	f := fixture{store: store, svc: svc}

	var err error
	if f.category, err = svc.Categories.Create(ctx, CategoryInput{Name: "Ropa"}); err != nil {
		t.Fatal(err)
	}

	for i, v := range []*domain.Vendor{&f.vendorA, &f.vendorB} {
		email := []string{"a@example.com", "b@example.com"}[i]
		if *v, err = svc.Vendors.Create(ctx, VendorInput{Name: "V", Email: email,
			IsActive: true}); err != nil {
			t.Fatal(err)
		}
	}

	return f
}

func (f fixture) product(vendor int64) ProductInput {
	return ProductInput{Name: "Camiseta Básica", Price: "19.99", Stock: 3,
		CategoryID: f.category.ID, VendorID: vendor}
}

func (f fixture) total(t *testing.T, id int64) int64 {
	t.Helper()

	v, err := f.svc.Vendors.Get(admin(), id)
	if err != nil {
		t.Fatal(err)
	}

	return v.TotalProducts
}

func fieldsOf(err error) []string {
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		return nil
	}

	var out []string
	for _, f := range v.Fields {
		out = append(out, f.Field)
	}

	slices.Sort(out)

	return out
}

func TestProductValidationListsEveryField(t *testing.T) {
	f := newFixture(t)

	in := ProductInput{Name: "  ", Slug: "Bad Slug", Price: "1.999", Stock: -1,
		Status: "published", Images: []string{"ftp://x/y.png"}, Tags: []string{""}}

	_, err := f.svc.Products.Create(admin(), in)
	want := []string{"category_id", "images", "name", "price", "slug", "status", "stock",
		"tags", "vendor_id"}

	if got := fieldsOf(err); !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v (err %v)", got, want, err)
	}

	if len(f.store.products) != 0 {
		t.Fatal("invalid input wrote a row")
	}
}

func TestProductSlugDerivation(t *testing.T) {
	f := newFixture(t)
	ctx := admin()

	var slugs []domain.Slug
	for range 3 {
		p, err := f.svc.Products.Create(ctx, f.product(f.vendorA.ID))
		if err != nil {
			t.Fatal(err)
		}

		slugs = append(slugs, p.Slug)
	}

	want := []domain.Slug{"camiseta-basica", "camiseta-basica-2", "camiseta-basica-3"}
	if !slices.Equal(slugs, want) {
		t.Fatalf("slugs = %v, want %v", slugs, want)
	}

	in := f.product(f.vendorA.ID)
	in.Slug = "camiseta-basica"
	if _, err := f.svc.Products.Create(ctx, in); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("explicit taken slug: err = %v, want conflict", err)
	}
}

func TestProductDerivedSlugRetriesLostRace(t *testing.T) {
	f := newFixture(t)

	lost := 0
	f.store.takeSlug = func(s domain.Slug) bool {
		if lost < 2 {
			lost++
			// Another request inserts the slug we derived, just before us.
			f.store.foreign = append(f.store.foreign, s)

			return true
		}

		return false
	}

	p, err := f.svc.Products.Create(admin(), f.product(f.vendorA.ID))
	if err != nil {
		t.Fatal(err)
	}

	if p.Slug != "camiseta-basica-3" {
		t.Fatalf("slug = %q after two lost races, want camiseta-basica-3", p.Slug)
	}
}

func TestProductCountersFollowWrites(t *testing.T) {
	f := newFixture(t)
	ctx := admin()

	p, err := f.svc.Products.Create(ctx, f.product(f.vendorA.ID))
	if err != nil {
		t.Fatal(err)
	}

	if a := f.total(t, f.vendorA.ID); a != 1 {
		t.Fatalf("after create: A has %d, want 1", a)
	}

	moved := f.product(f.vendorB.ID)
	if _, err := f.svc.Products.Replace(ctx, p.ID, moved, WriteOptions{}); err != nil {
		t.Fatal(err)
	}

	if a, b := f.total(t, f.vendorA.ID), f.total(t, f.vendorB.ID); a != 0 || b != 1 {
		t.Fatalf("after move: A=%d B=%d, want 0 and 1", a, b)
	}

	if err := f.svc.Products.Delete(ctx, p.ID, WriteOptions{}); err != nil {
		t.Fatal(err)
	}

	if b := f.total(t, f.vendorB.ID); b != 0 {
		t.Fatalf("after delete: B=%d, want 0", b)
	}
}

func TestProductMissingReferences(t *testing.T) {
	f := newFixture(t)

	in := f.product(999)
	in.CategoryID = 998

	_, err := f.svc.Products.Create(admin(), in)
	if got := fieldsOf(err); !slices.Equal(got, []string{"category_id", "vendor_id"}) {
		t.Fatalf("fields = %v, want category_id and vendor_id", got)
	}
}

func TestReplaceHonoursIfVersion(t *testing.T) {
	f := newFixture(t)
	ctx := admin()

	p, err := f.svc.Products.Create(ctx, f.product(f.vendorA.ID))
	if err != nil {
		t.Fatal(err)
	}

	stale := WriteOptions{IfVersion: p.Version + 1}
	_, err = f.svc.Products.Replace(ctx, p.ID, f.product(f.vendorB.ID), stale)
	if !errors.Is(err, domain.ErrPreconditionFailed) {
		t.Fatalf("stale version: err = %v, want precondition failed", err)
	}

	if a := f.total(t, f.vendorA.ID); a != 1 {
		t.Fatalf("refused write changed the counter: A=%d", a)
	}

	got, err := f.svc.Products.Replace(ctx, p.ID, f.product(f.vendorA.ID),
		WriteOptions{IfVersion: p.Version})
	if err != nil || got.Version != p.Version+1 || got.Slug != p.Slug {
		t.Fatalf("replace = %+v, %v; want version +1 and the slug kept", got, err)
	}
}

func TestCategoryTreeRules(t *testing.T) {
	f := newFixture(t)
	ctx := admin()

	root := f.category
	child, err := f.svc.Categories.Create(ctx, CategoryInput{Name: "Hijo",
		ParentID: &root.ID})
	if err != nil {
		t.Fatal(err)
	}

	missing := int64(4242)
	tests := []struct {
		name   string
		id     int64
		parent *int64
		want   string
	}{
		{"self", root.ID, &root.ID, "itself"},
		{"descendant", root.ID, &child.ID, "cycle"},
		{"missing parent", child.ID, &missing, "does not exist"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Categories.Replace(ctx, tt.id,
				CategoryInput{Name: "X", ParentID: tt.parent}, WriteOptions{})

			var v *domain.ValidationError
			if !errors.As(err, &v) || v.Fields[0].Field != "parent_id" ||
				!strings.Contains(v.Fields[0].Message, tt.want) {
				t.Fatalf("err = %v, want parent_id error containing %q", err, tt.want)
			}
		})
	}
}

func TestCategoryDepthLimit(t *testing.T) {
	f := newFixture(t)
	ctx := admin()

	parent := f.category.ID
	for depth := 2; depth <= MaxCategoryDepth; depth++ {
		c, err := f.svc.Categories.Create(ctx, CategoryInput{Name: "N", ParentID: &parent})
		if err != nil {
			t.Fatalf("depth %d: %v", depth, err)
		}

		parent = c.ID
	}

	_, err := f.svc.Categories.Create(ctx, CategoryInput{Name: "N", ParentID: &parent})
	if got := fieldsOf(err); !slices.Equal(got, []string{"parent_id"}) {
		t.Fatalf("level %d: err = %v, want a parent_id error", MaxCategoryDepth+1, err)
	}
}

func TestBlockedDeletes(t *testing.T) {
	f := newFixture(t)
	ctx := admin()

	if _, err := f.svc.Products.Create(ctx, f.product(f.vendorA.ID)); err != nil {
		t.Fatal(err)
	}

	if _, err := f.svc.Categories.Create(ctx, CategoryInput{Name: "Sub",
		ParentID: &f.category.ID}); err != nil {
		t.Fatal(err)
	}

	err := f.svc.Categories.Delete(ctx, f.category.ID, WriteOptions{})

	var b *domain.BlockedDeleteError
	if !errors.As(err, &b) || !slices.Equal(b.Blockers,
		[]string{"1 product", "1 child category"}) {
		t.Fatalf("category delete: err = %v, want blocked by 1 product and 1 child", err)
	}

	err = f.svc.Vendors.Delete(ctx, f.vendorA.ID, WriteOptions{})
	if !errors.As(err, &b) || !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("vendor delete: err = %v, want blocked", err)
	}

	if err := f.svc.Vendors.Delete(ctx, f.vendorB.ID, WriteOptions{}); err != nil {
		t.Fatalf("vendor without products: %v", err)
	}
}

func TestVendorValidation(t *testing.T) {
	tests := []struct {
		name   string
		in     VendorInput
		fields []string
	}{
		{"ok", VendorInput{Name: "V", Email: "Ventas@Example.COM", Rating: "4.5"}, nil},
		{"bad email", VendorInput{Name: "V", Email: "not-an-email"}, []string{"email"}},
		{"display name", VendorInput{Name: "V", Email: "Bob <b@x.com>"}, []string{"email"}},
		{"rating high", VendorInput{Name: "V", Email: "a@b.co", Rating: "5.01"},
			[]string{"rating"}},
		{"rating negative", VendorInput{Name: "V", Email: "a@b.co", Rating: "-1"},
			[]string{"rating"}},
		{"all", VendorInput{Phone: strings.Repeat("9", 51)},
			[]string{"email", "name", "phone"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := newVendor(tt.in)
			if got := fieldsOf(err); !slices.Equal(got, tt.fields) {
				t.Fatalf("fields = %v, want %v", got, tt.fields)
			}

			if err == nil && v.Email != strings.ToLower(tt.in.Email) {
				t.Fatalf("email stored as %q, want lower case", v.Email)
			}
		})
	}
}

func TestTagsAndImages(t *testing.T) {
	var v domain.ValidationError

	tags := cleanTags(&v, []string{"Algodón", "algodón", " VERANO ", "verano"})
	if !slices.Equal(tags, []string{"algodón", "verano"}) || v.Err() != nil {
		t.Fatalf("tags = %v (%v), want lower-cased and de-duplicated", tags, v.Err())
	}

	many := make([]string, MaxTags+1)
	for i := range many {
		many[i] = strings.Repeat("t", i+1)
	}

	cleanTags(&v, many)
	cleanImages(&v, []string{"https://cdn.example.com/a.jpg", "/relative.png",
		"javascript:alert(1)"})

	if got := fieldsOf(v.Err()); !slices.Equal(got, []string{"images", "images", "tags"}) {
		t.Fatalf("fields = %v", got)
	}
}

func TestListPlan(t *testing.T) {
	tests := []struct {
		name    string
		req     PageRequest
		wantErr string
		want    ListQuery
	}{
		{name: "defaults", want: ListQuery{Sort: Sort{Field: "created_at", Desc: true},
			Limit: 20}},
		{name: "page 3 by price", req: PageRequest{Page: 3, PageSize: 10, Sort: "price"},
			want: ListQuery{Sort: Sort{Field: "price"}, Limit: 10, Offset: 20}},
		{name: "page size 0 is default", req: PageRequest{PageSize: 0},
			want: ListQuery{Sort: Sort{Field: "created_at", Desc: true}, Limit: 20}},
		{name: "page size over max", req: PageRequest{PageSize: 101}, wantErr: "page_size"},
		{name: "negative page size", req: PageRequest{PageSize: -1}, wantErr: "page_size"},
		{name: "negative page", req: PageRequest{Page: -2}, wantErr: "page"},
		{name: "too deep", req: PageRequest{Page: 502, PageSize: 20}, wantErr: "cursor"},
		{name: "unknown sort", req: PageRequest{Sort: "name; DROP TABLE"}, wantErr: "sort"},
		{name: "bad cursor", req: PageRequest{Cursor: "!!"}, wantErr: "cursor"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := productList.plan(tt.req)
			if tt.wantErr != "" {
				if !errors.Is(err, domain.ErrBadParameter) ||
					!strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want a parameter error about %s", err, tt.wantErr)
				}

				return
			}

			if err != nil || got != tt.want {
				t.Fatalf("plan = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestCursorRoundTrip(t *testing.T) {
	p := domain.Product{ID: 7, Name: "Zapato", Price: domain.MustMoney("10.50")}
	p.CreatedAt = p.CreatedAt.AddDate(2026, 0, 0)

	for _, sortName := range []string{"-created_at", "price", "name", "-stock"} {
		field := strings.TrimPrefix(sortName, "-")
		text := productList.encodeCursor(p, field, sortName)

		k, err := productList.decodeCursor(text, sortName)
		if err != nil {
			t.Fatalf("%s: %v", sortName, err)
		}

		if k.ID != 7 || k.Value != productList.keys[field](p) {
			t.Fatalf("%s: keyset %+v, want value %v", sortName, k,
				productList.keys[field](p))
		}

		if _, err := productList.decodeCursor(text, "-name"); err == nil && field != "name" {
			t.Fatalf("%s: a cursor was accepted under another sort", sortName)
		}
	}
}

func admin() context.Context {
	return WithPrincipal(context.Background(), domain.Principal{Role: domain.RoleAdmin})
}

func asVendor(id int64) context.Context {
	return WithPrincipal(context.Background(),
		domain.Principal{Role: domain.RoleVendor, VendorID: id, Subject: "v"})
}

func TestAccessRules(t *testing.T) {
	f := newFixture(t)

	active := f.product(f.vendorB.ID)
	active.Status = "active"
	pubB, err := f.svc.Products.Create(admin(), active)
	if err != nil {
		t.Fatal(err)
	}

	draftB, err := f.svc.Products.Create(admin(), f.product(f.vendorB.ID))
	if err != nil {
		t.Fatal(err)
	}

	anon := context.Background()
	a := asVendor(f.vendorA.ID)
	noop := WriteOptions{}

	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"anonymous create", func() error {
			_, err := f.svc.Products.Create(anon, f.product(f.vendorA.ID))
			return err
		}, domain.ErrUnauthenticated},
		{"anonymous sees published", func() error {
			_, err := f.svc.Products.Get(anon, pubB.ID)
			return err
		}, nil},
		{"anonymous cannot see draft", func() error {
			_, err := f.svc.Products.Get(anon, draftB.ID)
			return err
		}, domain.ErrNotFound},
		{"vendor creates for another vendor", func() error {
			_, err := f.svc.Products.Create(a, f.product(f.vendorB.ID))
			return err
		}, domain.ErrForbidden},
		{"vendor changes another's visible product", func() error {
			_, err := f.svc.Products.Replace(a, pubB.ID, f.product(f.vendorA.ID), noop)
			return err
		}, domain.ErrForbidden},
		{"vendor deletes another's draft", func() error {
			return f.svc.Products.Delete(a, draftB.ID, noop)
		}, domain.ErrNotFound},
		{"vendor writes a category", func() error {
			_, err := f.svc.Categories.Create(a, CategoryInput{Name: "X"})
			return err
		}, domain.ErrForbidden},
		{"vendor edits another vendor", func() error {
			_, err := f.svc.Vendors.Replace(a, f.vendorB.ID,
				VendorInput{Name: "X", Email: "b@example.com"}, noop)
			return err
		}, domain.ErrForbidden},
		{"vendor verifies itself", func() error {
			_, err := f.svc.Vendors.Replace(a, f.vendorA.ID,
				VendorInput{Name: "A", Email: "a@example.com", IsVerified: true}, noop)
			return err
		}, domain.ErrForbidden},
		{"vendor edits own profile", func() error {
			_, err := f.svc.Vendors.Replace(a, f.vendorA.ID,
				VendorInput{Name: "A2", Email: "a@example.com"}, noop)
			return err
		}, nil},
		{"vendor creates own product", func() error {
			_, err := f.svc.Products.Create(a, f.product(f.vendorA.ID))
			return err
		}, nil},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.store.products)
			err := tt.call()

			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}

			if tt.want != nil && len(f.store.products) != before {
				t.Fatal("a denied request changed the products")
			}
		})
	}

	if b := f.total(t, f.vendorB.ID); b != 2 {
		t.Fatalf("denied writes changed B's counter: %d", b)
	}
}
