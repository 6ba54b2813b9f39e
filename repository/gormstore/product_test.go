package gormstore_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
)

func TestProductCreateGetUpdateDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		p := newProduct("Silla de jardín", cat.ID, ven.ID)
		p.Description = "Madera de pino"
		p.Price = domain.MustMoney("29.99")
		p.Stock = 7
		p.Status = domain.ProductDraft
		p.Images = []string{"https://img.example.com/a.jpg"}
		p.Tags = []string{"madera", "exterior"}

		before := time.Now().UTC().Add(-time.Second)
		if err := h.store.Products().Create(h.ctx, &p); err != nil {
			t.Fatalf("create: %v", err)
		}

		if p.ID == 0 || p.Version != 1 || p.CreatedAt.Before(before) ||
			!p.CreatedAt.Equal(p.UpdatedAt) || p.CreatedAt.Location() != time.UTC ||
			p.CreatedAt.Nanosecond()%1000 != 0 {
			t.Fatalf("create filled in %+v", p)
		}

		got, err := h.store.Products().Get(h.ctx, p.ID)
		if err != nil {
			t.Fatalf("get: %v", err)
		}

		if !reflect.DeepEqual(got, p) {
			t.Fatalf("get = %+v\nwant  %+v", got, p)
		}

		// Zero values must be written too: stock 0, no tags, no images.
		upd := got
		upd.Name, upd.Stock, upd.Price = "Silla", 0, domain.MustMoney("0.10")
		upd.Tags, upd.Images, upd.Status = nil, nil, domain.ProductActive
		if err := h.store.Products().Update(h.ctx, &upd); err != nil {
			t.Fatalf("update: %v", err)
		}

		if upd.Version != 2 || upd.UpdatedAt.Before(upd.CreatedAt) {
			t.Fatalf("update filled in version %d, updated_at %v", upd.Version, upd.UpdatedAt)
		}

		got, err = h.store.Products().Get(h.ctx, p.ID)
		if err != nil {
			t.Fatalf("get after update: %v", err)
		}

		upd.Tags, upd.Images = []string{}, []string{}
		if !reflect.DeepEqual(got, upd) {
			t.Fatalf("after update = %+v\nwant          %+v", got, upd)
		}

		if err := h.store.Products().Delete(h.ctx, p.ID); err != nil {
			t.Fatalf("delete: %v", err)
		}

		_, err = h.store.Products().Get(h.ctx, p.ID)
		wantNotFound(t, err, domain.ResourceProduct, p.ID)
		wantNotFound(t, h.store.Products().Delete(h.ctx, p.ID), domain.ResourceProduct, p.ID)
	})
}

func TestProductExactPrices(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		for _, price := range []string{"0.00", "0.01", "0.10", "29.99", "99999999.99"} {
			p := h.product("P "+price, cat.ID, ven.ID, func(p *domain.Product) {
				p.Price = domain.MustMoney(price)
			})

			got, err := h.store.Products().Get(h.ctx, p.ID)
			if err != nil {
				t.Fatalf("get: %v", err)
			}

			if got.Price.String() != price {
				t.Errorf("price %s read back as %s", price, got.Price)
			}
		}
	})
}

func TestProductSlugConflict(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		first := h.product("Mesa", cat.ID, ven.ID)
		other := h.product("Silla", cat.ID, ven.ID)

		dup := newProduct("Mesa", cat.ID, ven.ID)
		wantConflict(t, h.store.Products().Create(h.ctx, &dup), "slug")

		other.Slug = first.Slug
		wantConflict(t, h.store.Products().Update(h.ctx, &other), "slug")
	})
}

func TestProductMissingReferences(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		tests := []struct {
			name     string
			cat, ven int64
			want     []string
		}{
			{"category", cat.ID + 100, ven.ID, []string{"category_id"}},
			{"vendor", cat.ID, ven.ID + 100, []string{"vendor_id"}},
		}

		for _, tt := range tests {
			p := newProduct("Huerfano "+tt.name, tt.cat, tt.ven)
			wantInvalid(t, h.store.Products().Create(h.ctx, &p), tt.want...)

			existing := h.product("Mesa "+tt.name, cat.ID, ven.ID)
			existing.CategoryID, existing.VendorID = tt.cat, tt.ven
			wantInvalid(t, h.store.Products().Update(h.ctx, &existing), tt.want...)
		}
	})
}

func TestProductCheckConstraints(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		p := h.product("Mesa", cat.ID, ven.ID)

		negative := p
		negative.Stock = -1
		wantInvalid(t, h.store.Products().Update(h.ctx, &negative), "stock")

		bad := p
		bad.Status = "sold"
		wantInvalid(t, h.store.Products().Update(h.ctx, &bad), "status")
	})
}

func TestProductVersionPrecondition(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		p := h.product("Mesa", cat.ID, ven.ID)

		a, b := p, p
		a.Name = "Mesa A"
		if err := h.store.Products().Update(h.ctx, &a); err != nil {
			t.Fatalf("first writer: %v", err)
		}

		b.Description = "lost update"
		wantPrecondition(t, h.store.Products().Update(h.ctx, &b), 2)

		got, err := h.store.Products().Get(h.ctx, p.ID)
		if err != nil || got.Name != "Mesa A" || got.Description != "" || got.Version != 2 {
			t.Fatalf("after race: %+v, %v", got, err)
		}

		gone := p
		gone.ID = p.ID + 100
		wantNotFound(t, h.store.Products().Update(h.ctx, &gone), domain.ResourceProduct, gone.ID)
	})
}

func TestProductSlugsLike(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		cat, ven := h.category("Hogar"), h.vendor("Acme")
		for _, s := range []string{"mesa", "mesa-2", "mesa-10", "mesa-x", "mesas", "mesa-2-b",
			"la-mesa", "silla"} {
			h.product(s, cat.ID, ven.ID)
		}

		got, err := h.store.Products().SlugsLike(h.ctx, "mesa")
		if err != nil {
			t.Fatalf("slugs like: %v", err)
		}

		slices.Sort(got)
		want := []domain.Slug{"mesa", "mesa-10", "mesa-2"}
		if !slices.Equal(got, want) {
			t.Fatalf("slugs like mesa = %v, want %v", got, want)
		}

		got, err = h.store.Products().SlugsLike(h.ctx, "cama")
		if err != nil || len(got) != 0 {
			t.Fatalf("slugs like cama = %v, %v; want none", got, err)
		}
	})
}

func TestProductCounts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		c1, c2 := h.category("Hogar"), h.category("Jardin")
		v1, v2 := h.vendor("Acme"), h.vendor("Globex")
		h.product("A", c1.ID, v1.ID)
		h.product("B", c1.ID, v2.ID)
		h.product("C", c2.ID, v2.ID)

		for _, tt := range []struct {
			name string
			fn   func() (int64, error)
			want int64
		}{
			{"by category 1", func() (int64, error) {
				return h.store.Products().CountByCategory(h.ctx, c1.ID)
			}, 2},
			{"by category missing", func() (int64, error) {
				return h.store.Products().CountByCategory(h.ctx, c2.ID+100)
			}, 0},
			{"by vendor 2", func() (int64, error) {
				return h.store.Products().CountByVendor(h.ctx, v2.ID)
			}, 2},
		} {
			if n, err := tt.fn(); err != nil || n != tt.want {
				t.Errorf("%s = %d, %v; want %d", tt.name, n, err, tt.want)
			}
		}
	})
}
