package usecase

import (
	"context"
	"errors"

	"github.com/gamarriando/product-service/domain"
)

// principalKey carries the caller in a context.
type principalKey struct{}

// WithPrincipal returns ctx carrying the caller. Entry points set it once they have
// authenticated the request; every use case reads it, so the rules hold whichever
// entry point (HTTP server, Lambda, a tool) calls.
func WithPrincipal(ctx context.Context, p domain.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller, or an anonymous reader when none was set: a
// context that skipped authentication gets the least rights, never the most.
func PrincipalFrom(ctx context.Context) domain.Principal {
	p, _ := ctx.Value(principalKey{}).(domain.Principal)

	return p
}

// canSeeProduct: published products are public; a vendor also sees its own drafts.
func canSeeProduct(who domain.Principal, p domain.Product) bool {
	return who.IsAdmin() || p.Status == domain.ProductActive || who.IsVendor(p.VendorID)
}

func canSeeCategory(who domain.Principal, c domain.Category) bool {
	return who.IsAdmin() || c.IsActive
}

func canSeeVendor(who domain.Principal, v domain.Vendor) bool {
	return who.IsAdmin() || v.IsActive || who.IsVendor(v.ID)
}

// mustWrite refuses writes to anonymous callers.
func mustWrite(who domain.Principal) error {
	if who.Anonymous() {
		return domain.ErrUnauthenticated
	}

	return nil
}

// mustBeAdmin guards what only administrators may do.
func mustBeAdmin(who domain.Principal, what string) error {
	if err := mustWrite(who); err != nil {
		return err
	}

	if !who.IsAdmin() {
		return &domain.ForbiddenError{Reason: "only administrators may " + what}
	}

	return nil
}

// adminOnly guards a write only administrators make to the existing row id. Anyone
// else gets what reading the row would give them when that fails (a 404 for a row
// hidden from them or missing) and a 403 otherwise, so a refused write reveals no more
// than a read does.
func adminOnly[T any](ctx context.Context, what string, id int64,
	get func(context.Context, int64) (T, error)) error {
	err := mustBeAdmin(PrincipalFrom(ctx), what)
	if !errors.Is(err, domain.ErrForbidden) {
		return err
	}

	if _, readErr := get(ctx, id); readErr != nil {
		return readErr
	}

	return err
}

// authorizeProduct checks a product write: current is the row as stored (nil on
// create) and next the row as it would be written (nil on delete). A vendor may only
// touch its own products and may not give one to another vendor; another vendor's
// product is a 403 when the vendor can see it and a 404 when it cannot.
func authorizeProduct(who domain.Principal, current, next *domain.Product) error {
	if err := mustWrite(who); err != nil {
		return err
	}

	if who.IsAdmin() {
		return nil
	}

	// Visibility first: whatever the caller's role, a row it cannot read is a 404.
	if current != nil && !canSeeProduct(who, *current) {
		return &domain.NotFoundError{Resource: domain.ResourceProduct, ID: current.ID}
	}

	if who.Role != domain.RoleVendor {
		return &domain.ForbiddenError{Reason: "this role may not change products"}
	}

	if current != nil && !who.IsVendor(current.VendorID) {
		return &domain.ForbiddenError{Reason: "the product belongs to another vendor"}
	}

	if next != nil && !who.IsVendor(next.VendorID) {
		return &domain.ForbiddenError{Reason: "vendor_id must be your own vendor"}
	}

	return nil
}

// authorizeVendorUpdate lets a vendor edit its own profile, except the fields only an
// administrator sets.
func authorizeVendorUpdate(who domain.Principal, current, next domain.Vendor) error {
	if err := mustWrite(who); err != nil {
		return err
	}

	if who.IsAdmin() {
		return nil
	}

	if !who.IsVendor(current.ID) {
		if !canSeeVendor(who, current) {
			return &domain.NotFoundError{Resource: domain.ResourceVendor, ID: current.ID}
		}

		return &domain.ForbiddenError{Reason: "vendors may edit only their own profile"}
	}

	if next.IsVerified != current.IsVerified || next.Rating != current.Rating {
		return &domain.ForbiddenError{Reason: "only administrators may change " +
			"is_verified and rating"}
	}

	return nil
}
