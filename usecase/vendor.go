package usecase

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/gamarriando/product-service/domain"
)

// Vendors is the vendor use case. total_products is never written from input: only
// product writes change it.
type Vendors struct{ store Store }

var vendorList = listSpec[domain.Vendor]{
	defaultSort: "name",
	keys: map[string]sortKey[domain.Vendor]{
		"name":       func(v domain.Vendor) any { return v.Name },
		"rating":     func(v domain.Vendor) any { return int64(v.Rating.Hundredths()) },
		"created_at": func(v domain.Vendor) any { return v.CreatedAt },
	},
	kinds: map[string]valueKind{"name": kindString, "rating": kindInt,
		"created_at": kindTime},
	id: func(v domain.Vendor) int64 { return v.ID },
}

var errEmail = errors.New("must be a valid email address such as ventas@example.com")

// Get returns one vendor.
func (s *Vendors) Get(ctx context.Context, id int64) (domain.Vendor, error) {
	v, err := s.store.Vendors().Get(ctx, id)
	if err != nil {
		return domain.Vendor{}, fmt.Errorf("get vendor: %w", err)
	}

	if !canSeeVendor(PrincipalFrom(ctx), v) {
		return domain.Vendor{}, fmt.Errorf("get vendor: %w",
			&domain.NotFoundError{Resource: domain.ResourceVendor, ID: id})
	}

	return v, nil
}

// Create validates and inserts a vendor. A taken email, in any case, is a conflict
// decided by the database's unique index, not by a look-up before the insert.
func (s *Vendors) Create(ctx context.Context, in VendorInput) (domain.Vendor, error) {
	var out domain.Vendor
	_, _, err := s.CreateIdempotent(ctx, in, IdempotencyKey{}, keep(&out))

	return out, err
}

// CreateIdempotent is Create under an Idempotency-Key (see Products.CreateIdempotent).
func (s *Vendors) CreateIdempotent(ctx context.Context, in VendorInput, k IdempotencyKey,
	render Render[domain.Vendor]) (StoredResponse, bool, error) {
	if err := mustBeAdmin(PrincipalFrom(ctx), "create vendors"); err != nil {
		return StoredResponse{}, false, fmt.Errorf("create vendor: %w", err)
	}

	v, err := newVendor(in)
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("create vendor: %w", err)
	}

	resp, replayed, err := createOnce(ctx, s.store, k, func(r Repos) (domain.Vendor, error) {
		err := r.Vendors().Create(ctx, &v)

		return v, err
	}, render)
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("create vendor: %w", err)
	}

	return resp, replayed, nil
}

// Replace overwrites every writable field of a vendor.
func (s *Vendors) Replace(ctx context.Context, id int64, in VendorInput,
	o WriteOptions) (domain.Vendor, error) {
	if err := mustWrite(PrincipalFrom(ctx)); err != nil {
		return domain.Vendor{}, fmt.Errorf("replace vendor: %w", err)
	}

	next, err := newVendor(in)
	if err != nil {
		return domain.Vendor{}, fmt.Errorf("replace vendor: %w", err)
	}

	err = s.store.Tx(ctx, func(r Repos) error {
		cur, err := r.Vendors().GetForUpdate(ctx, id)
		if err != nil {
			return err
		}

		if err := authorizeVendorUpdate(PrincipalFrom(ctx), cur, next); err != nil {
			return err
		}

		if err := checkVersion(domain.ResourceVendor, id, cur.Version, o); err != nil {
			return err
		}

		next.ID, next.Version, next.CreatedAt = cur.ID, cur.Version, cur.CreatedAt
		next.TotalProducts = cur.TotalProducts

		return r.Vendors().Update(ctx, &next)
	})
	if err != nil {
		return domain.Vendor{}, fmt.Errorf("replace vendor: %w", err)
	}

	return next, nil
}

// Delete removes a vendor without products. The count comes from the products table
// itself, and the foreign key refuses the delete if a product slips in meanwhile.
func (s *Vendors) Delete(ctx context.Context, id int64, o WriteOptions) error {
	if err := adminOnly(ctx, "delete vendors", id, s.Get); err != nil {
		return fmt.Errorf("delete vendor: %w", err)
	}

	err := s.store.Tx(ctx, func(r Repos) error {
		cur, err := r.Vendors().GetForUpdate(ctx, id)
		if err != nil {
			return err
		}

		if err := checkVersion(domain.ResourceVendor, id, cur.Version, o); err != nil {
			return err
		}

		n, err := r.Products().CountByVendor(ctx, id)
		if err != nil {
			return err
		}

		if n > 0 {
			return &domain.BlockedDeleteError{Resource: domain.ResourceVendor, ID: id,
				Blockers: []string{plural(n, "product", "products")}}
		}

		return r.Vendors().Delete(ctx, id)
	})
	if err != nil {
		return fmt.Errorf("delete vendor: %w", err)
	}

	return nil
}

// List returns one page of vendors.
func (s *Vendors) List(ctx context.Context, p VendorListParams) (Page[domain.Vendor], error) {
	q, err := vendorList.plan(p.PageRequest)
	if err != nil {
		return Page[domain.Vendor]{}, err
	}

	f := VendorFilter{IsActive: p.IsActive, IsVerified: p.IsVerified}
	if !PrincipalFrom(ctx).IsAdmin() {
		if p.IsActive != nil && !*p.IsActive {
			return emptyPage[domain.Vendor](p.PageRequest), nil
		}

		active := true
		f.IsActive = &active
	}
	if f.Search, err = searchTerm(p.Query); err != nil {
		return Page[domain.Vendor]{}, err
	}

	if p.MinRating != "" {
		r, err := domain.ParseRating(p.MinRating)
		if err != nil {
			return Page[domain.Vendor]{}, &domain.ParameterError{Name: "min_rating",
				Message: err.Error()}
		}

		h := int64(r.Hundredths())
		f.MinRating = &h
	}

	repo := s.store.Vendors()
	page, err := listPage(ctx, vendorList, p.PageRequest, q,
		func(q ListQuery) ([]domain.Vendor, error) { return repo.List(ctx, f, q) },
		func() (Total, error) { return repo.Count(ctx, f) })
	if err != nil {
		return Page[domain.Vendor]{}, fmt.Errorf("list vendors: %w", err)
	}

	return page, nil
}

func newVendor(in VendorInput) (domain.Vendor, error) {
	var v domain.ValidationError

	out := domain.Vendor{
		Name:        cleanName(&v, "name", in.Name),
		Email:       cleanEmail(&v, in.Email),
		Phone:       strings.TrimSpace(in.Phone),
		Description: in.Description,
		IsActive:    in.IsActive,
		IsVerified:  in.IsVerified,
		Address:     cleanAddress(&v, in.Address),
	}

	checkText(&v, "phone", out.Phone, MaxPhoneLength)
	checkText(&v, "description", in.Description, MaxDescriptionLength)

	if in.Rating != "" {
		r, err := domain.ParseRating(in.Rating)
		v.Add("rating", err)
		out.Rating = r
	}

	return out, v.Err()
}

// cleanEmail accepts a bare address (no display name) and lower-cases it, which is how
// uniqueness ignores case.
func cleanEmail(v *domain.ValidationError, raw string) string {
	email := strings.ToLower(strings.TrimSpace(raw))
	if email == "" {
		v.Add("email", errRequired)

		return ""
	}

	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > MaxEmailLength ||
		!strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
		v.Add("email", errEmail)
	}

	return email
}

func cleanAddress(v *domain.ValidationError, in AddressInput) domain.Address {
	a := domain.Address{
		Street:  strings.TrimSpace(in.Street),
		City:    strings.TrimSpace(in.City),
		State:   strings.TrimSpace(in.State),
		ZipCode: strings.TrimSpace(in.ZipCode),
		Country: strings.TrimSpace(in.Country),
	}

	parts := map[string]string{"street": a.Street, "city": a.City, "state": a.State,
		"zip_code": a.ZipCode, "country": a.Country}
	for _, name := range []string{"street", "city", "state", "zip_code", "country"} {
		checkText(v, "address."+name, parts[name], MaxAddressPartLength)
	}

	return a
}
