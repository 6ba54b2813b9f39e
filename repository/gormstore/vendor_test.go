package gormstore_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gamarriando/product-service/domain"
)

func mustRating(t *testing.T, s string) domain.Rating {
	t.Helper()

	r, err := domain.ParseRating(s)
	if err != nil {
		t.Fatalf("rating %q: %v", s, err)
	}

	return r
}

func TestVendorCreateGetUpdateDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		v := domain.Vendor{
			Name:  "Ñandú Hogar",
			Email: "Ventas@Nandu.Example",
			Phone: "+51 1 234 5678",
			Address: domain.Address{Street: "Av. Larco 123", City: "Lima", State: "Lima",
				ZipCode: "15074", Country: "PE"},
			Description: "Muebles",
			IsActive:    false,
			IsVerified:  true,
			Rating:      mustRating(t, "4.75"),
		}
		if err := h.store.Vendors().Create(h.ctx, &v); err != nil {
			t.Fatalf("create: %v", err)
		}

		if v.Email != "ventas@nandu.example" || v.Version != 1 || v.ID == 0 {
			t.Fatalf("create filled in %+v", v)
		}

		got, err := h.store.Vendors().Get(h.ctx, v.ID)
		if err != nil || !reflect.DeepEqual(got, v) {
			t.Fatalf("get = %+v, %v\nwant  %+v", got, err, v)
		}

		got.Rating, got.IsActive, got.IsVerified = mustRating(t, "0.00"), true, false
		got.Address = domain.Address{}
		got.TotalProducts = 99 // must not be written
		if err := h.store.Vendors().Update(h.ctx, &got); err != nil {
			t.Fatalf("update: %v", err)
		}

		again, err := h.store.Vendors().Get(h.ctx, v.ID)
		got.TotalProducts = 0
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("after update = %+v, %v\nwant %+v", again, err, got)
		}

		wantPrecondition(t, h.store.Vendors().Update(h.ctx, &v), 2)

		if err := h.store.Vendors().Delete(h.ctx, v.ID); err != nil {
			t.Fatalf("delete: %v", err)
		}

		wantNotFound(t, h.store.Vendors().Delete(h.ctx, v.ID), domain.ResourceVendor, v.ID)
	})
}

func TestVendorEmailUniqueIgnoringCase(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.vendor("Acme", func(v *domain.Vendor) { v.Email = "Sales@Acme.Example" })

		dup := domain.Vendor{Name: "Acme 2", Email: "sales@ACME.example", IsActive: true}
		wantConflict(t, h.store.Vendors().Create(h.ctx, &dup), "email")

		other := h.vendor("Globex")
		other.Email = "SALES@acme.EXAMPLE"
		wantConflict(t, h.store.Vendors().Update(h.ctx, &other), "email")
	})
}

func TestVendorAdjustProductCount(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		v := h.vendor("Acme")
		vendors := h.store.Vendors()

		for _, delta := range []int64{1, 1, 1, -2} {
			if err := vendors.AdjustProductCount(h.ctx, v.ID, delta); err != nil {
				t.Fatalf("adjust by %d: %v", delta, err)
			}
		}

		got, err := vendors.Get(h.ctx, v.ID)
		// Each adjustment is a new representation of the vendor, so a new version.
		if err != nil || got.TotalProducts != 1 || got.Version != v.Version+4 {
			t.Fatalf("after adjusting: %+v, %v; want total 1 four versions on", got, err)
		}

		err = vendors.AdjustProductCount(h.ctx, v.ID, -2)
		if !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("count below zero: %v, want a validation error", err)
		}

		assertClean(t, err)
		wantNotFound(t, vendors.AdjustProductCount(h.ctx, v.ID+100, 1), domain.ResourceVendor,
			v.ID+100)
	})
}

func TestVendorBlockedDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		v := h.vendor("Acme")
		h.product("Mesa", h.category("Hogar").ID, v.ID)

		wantBlocked(t, h.store.Vendors().Delete(h.ctx, v.ID), domain.ResourceVendor, v.ID)
	})
}
