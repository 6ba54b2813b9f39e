package usecase

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/gamarriando/product-service/domain"
)

// renderID stores the product id as the response body, enough to tell replays apart.
func renderID(p domain.Product) (StoredResponse, error) {
	return StoredResponse{Status: 201, Body: []byte(strconv.FormatInt(p.ID, 10))}, nil
}

func TestIdempotentCreate(t *testing.T) {
	f := newFixture(t)
	ctx := admin()
	key := IdempotencyKey{Key: "k-1", Fingerprint: "fp-a"}

	first, replayed, err := f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), key,
		renderID)
	if err != nil || replayed {
		t.Fatalf("first: %v, replayed=%v", err, replayed)
	}

	again, replayed, err := f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), key,
		renderID)
	if err != nil || !replayed || string(again.Body) != string(first.Body) {
		t.Fatalf("retry: body %q replayed=%v err=%v, want the first body %q", again.Body,
			replayed, err, first.Body)
	}

	if len(f.store.products) != 1 || f.total(t, f.vendorA.ID) != 1 {
		t.Fatalf("retry wrote again: %d products, total %d", len(f.store.products),
			f.total(t, f.vendorA.ID))
	}

	other := IdempotencyKey{Key: "k-1", Fingerprint: "fp-b"}
	_, _, err = f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), other, renderID)
	if !errors.Is(err, ErrKeyReused) {
		t.Fatalf("other body: err = %v, want ErrKeyReused", err)
	}

	vendorCtx := asVendor(f.vendorA.ID)
	_, replayed, err = f.svc.Products.CreateIdempotent(vendorCtx, f.product(f.vendorA.ID), key,
		renderID)
	if err != nil || replayed {
		t.Fatalf("another caller's same key: replayed=%v err=%v, want a fresh create",
			replayed, err)
	}
}

func TestIdempotentCreateInFlightAndRollback(t *testing.T) {
	f := newFixture(t)
	ctx := admin()
	key := IdempotencyKey{Key: "k-2", Fingerprint: "fp"}

	f.store.busy = true
	_, _, err := f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), key, renderID)
	if !errors.Is(err, ErrKeyInFlight) || len(f.store.products) != 0 {
		t.Fatalf("in flight: err = %v with %d products, want ErrKeyInFlight and none", err,
			len(f.store.products))
	}

	f.store.busy = false
	bad := f.product(999)
	_, _, err = f.svc.Products.CreateIdempotent(ctx, bad, key, renderID)
	if !errors.Is(err, domain.ErrInvalid) || len(f.store.keys) != 0 {
		t.Fatalf("failed create kept its key (%d keys, err %v)", len(f.store.keys), err)
	}

	if _, replayed, err := f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), key,
		renderID); err != nil || replayed {
		t.Fatalf("retry after a failure: replayed=%v err=%v, want it to run", replayed, err)
	}
}

func TestIdempotencyKeyExpires(t *testing.T) {
	f := newFixture(t)
	ctx := admin()
	key := IdempotencyKey{Key: "k-3", Fingerprint: "fp"}

	if _, _, err := f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), key,
		renderID); err != nil {
		t.Fatal(err)
	}

	for k, rec := range f.store.keys {
		rec.CreatedAt = rec.CreatedAt.Add(-IdempotencyTTL - time.Second)
		f.store.keys[k] = rec
	}

	_, replayed, err := f.svc.Products.CreateIdempotent(ctx, f.product(f.vendorA.ID), key,
		renderID)
	if err != nil || replayed || len(f.store.products) != 2 {
		t.Fatalf("expired key: replayed=%v err=%v products=%d, want a second product",
			replayed, err, len(f.store.products))
	}
}
