package auth

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/gamarriando/product-service/domain"
)

func TestParseGroups(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"[admin vendor]", []string{"admin", "vendor"}}, // API Gateway's rendering
		{"[vendor]", []string{"vendor"}},
		{"vendor", []string{"vendor"}},
		{`["admin","vendor"]`, []string{"admin", "vendor"}}, // a JSON array as text
		{`[ "vendor" ]`, []string{"vendor"}},
		{"admin,vendor", []string{"admin", "vendor"}},
		{"[admin, vendor]", []string{"admin", "vendor"}},
		{"  [admin]  ", []string{"admin"}},
		{"[]", nil},
		{"", nil},
	}

	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseGroups(tt.in)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Fatalf("ParseGroups(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPrincipalFromClaims covers the role sources and every shape of the vendor id,
// as a token (numbers, arrays) and as API Gateway passes claims (all strings).
func TestPrincipalFromClaims(t *testing.T) {
	admin := domain.Principal{Role: domain.RoleAdmin, Subject: "s"}
	vendor := func(id int64) domain.Principal {
		return domain.Principal{Role: domain.RoleVendor, VendorID: id, Subject: "s"}
	}
	member := domain.Principal{Role: domain.RoleMember, Subject: "s"}

	tests := []struct {
		name   string
		claims map[string]any
		want   domain.Principal
		err    bool
	}{
		{"role admin", map[string]any{"role": "admin"}, admin, false},
		{"groups array admin", map[string]any{"cognito:groups": []any{"admin"}}, admin, false},
		{"groups string admin", map[string]any{"cognito:groups": "[admin]"}, admin, false},
		{"admin wins over vendor", map[string]any{"cognito:groups": "[vendor admin]",
			"custom:vendor_id": "3"}, admin, false},
		{"vendor_id number", map[string]any{"role": "vendor", "vendor_id": float64(4)},
			vendor(4), false},
		{"vendor_id json.Number", map[string]any{"role": "vendor",
			"vendor_id": json.Number("5")}, vendor(5), false},
		{"vendor_id string", map[string]any{"role": "vendor", "vendor_id": "6"},
			vendor(6), false},
		{"custom:vendor_id string", map[string]any{"cognito:groups": "vendor",
			"custom:vendor_id": "7"}, vendor(7), false},
		{"custom:vendor_id number", map[string]any{"cognito:groups": []any{"vendor"},
			"custom:vendor_id": json.Number("8")}, vendor(8), false},
		{"vendor_id wins over custom", map[string]any{"role": "vendor", "vendor_id": "9",
			"custom:vendor_id": "10"}, vendor(9), false},
		{"no role is a member", map[string]any{}, member, false},
		{"unknown group is a member", map[string]any{"cognito:groups": "[buyers]"},
			member, false},
		{"role is case-sensitive", map[string]any{"role": "Admin"}, member, false},
		{"vendor without id", map[string]any{"role": "vendor"}, domain.Principal{}, true},
		{"vendor_id zero", map[string]any{"role": "vendor", "vendor_id": "0"},
			domain.Principal{}, true},
		{"vendor_id negative", map[string]any{"role": "vendor", "vendor_id": float64(-2)},
			domain.Principal{}, true},
		{"vendor_id fraction", map[string]any{"role": "vendor", "vendor_id": float64(2.5)},
			domain.Principal{}, true},
		{"vendor_id text", map[string]any{"role": "vendor", "vendor_id": "7abc"},
			domain.Principal{}, true},
		{"vendor_id array", map[string]any{"role": "vendor", "vendor_id": []any{"7"}},
			domain.Principal{}, true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := map[string]any{"sub": "s"}
			for k, v := range tt.claims {
				claims[k] = v
			}

			got, err := principalFromClaims(claims)
			if tt.err != (err != nil) || (err != nil && !errors.Is(err, ErrInvalidToken)) {
				t.Fatalf("err %v, want error=%v (ErrInvalidToken)", err, tt.err)
			}

			if got != tt.want {
				t.Fatalf("principal %+v, want %+v", got, tt.want)
			}
		})
	}
}
