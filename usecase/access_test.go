package usecase

import (
	"errors"
	"testing"

	"github.com/gamarriando/product-service/domain"
)

// TestAuthorizeProduct: the rule table of product writes. Whatever the caller's role,
// a product it cannot read is a 404, so a refused write reveals no more than a read.
func TestAuthorizeProduct(t *testing.T) {
	adminP := domain.Principal{Role: domain.RoleAdmin}
	vendor1 := domain.Principal{Role: domain.RoleVendor, VendorID: 1}
	member := domain.Principal{Role: domain.RoleMember}
	anon := domain.Principal{}

	published := &domain.Product{ID: 10, VendorID: 2, Status: domain.ProductActive}
	draft := &domain.Product{ID: 11, VendorID: 2, Status: domain.ProductDraft}
	own := &domain.Product{ID: 12, VendorID: 1, Status: domain.ProductDraft}
	giveAway := &domain.Product{ID: 12, VendorID: 2, Status: domain.ProductDraft}

	tests := []struct {
		name          string
		who           domain.Principal
		current, next *domain.Product
		want          error
	}{
		{"anonymous create", anon, nil, own, domain.ErrUnauthenticated},
		{"anonymous on a draft", anon, draft, nil, domain.ErrUnauthenticated},
		{"admin anything", adminP, draft, giveAway, nil},
		{"vendor own", vendor1, own, own, nil},
		{"vendor create own", vendor1, nil, own, nil},
		{"vendor create for another", vendor1, nil, giveAway, domain.ErrForbidden},
		{"vendor gives its product away", vendor1, own, giveAway, domain.ErrForbidden},
		{"vendor on another's published", vendor1, published, nil, domain.ErrForbidden},
		{"vendor on another's draft", vendor1, draft, nil, domain.ErrNotFound},
		{"member create", member, nil, own, domain.ErrForbidden},
		{"member on a published product", member, published, published, domain.ErrForbidden},
		{"member on a draft", member, draft, draft, domain.ErrNotFound},
		{"vendor without id on a draft", domain.Principal{Role: domain.RoleVendor}, draft,
			nil, domain.ErrNotFound},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := authorizeProduct(tt.who, tt.current, tt.next)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
		})
	}
}

func TestAuthorizeVendorUpdate(t *testing.T) {
	active := domain.Vendor{ID: 2, IsActive: true}
	hidden := domain.Vendor{ID: 3}
	r420, _ := domain.ParseRating("4.20")
	r500, _ := domain.ParseRating("5.00")
	self := domain.Vendor{ID: 1, IsActive: true, Rating: r420}
	vendor1 := domain.Principal{Role: domain.RoleVendor, VendorID: 1}

	verified, rated := self, self
	verified.IsVerified = true
	rated.Rating = r500

	tests := []struct {
		name      string
		who       domain.Principal
		cur, next domain.Vendor
		want      error
	}{
		{"own profile", vendor1, self, self, nil},
		{"own is_verified", vendor1, self, verified, domain.ErrForbidden},
		{"own rating", vendor1, self, rated, domain.ErrForbidden},
		{"another visible vendor", vendor1, active, active, domain.ErrForbidden},
		{"a hidden vendor", vendor1, hidden, hidden, domain.ErrNotFound},
		{"member", domain.Principal{Role: domain.RoleMember}, active, active,
			domain.ErrForbidden},
		{"member on a hidden vendor", domain.Principal{Role: domain.RoleMember}, hidden,
			hidden, domain.ErrNotFound},
		{"anonymous", domain.Principal{}, active, active, domain.ErrUnauthenticated},
		{"admin", domain.Principal{Role: domain.RoleAdmin}, hidden, rated, nil},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := authorizeVendorUpdate(tt.who, tt.cur, tt.next)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
		})
	}
}
