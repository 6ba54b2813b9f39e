package auth

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gamarriando/product-service/domain"
)

// TestGateway: behind API Gateway the claims the authorizer verified are the only
// source of identity. The raw Authorization header is never parsed: without verified
// claims the caller is anonymous whatever it sends, so a forged token passes for
// nothing more than a public reader.
func TestGateway(t *testing.T) {
	forged := "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ."

	tests := []struct {
		name       string
		authorized bool
		claims     map[string]string
		header     string
		want       domain.Principal
		err        bool
	}{
		{"no authorizer", false, nil, "", domain.Principal{}, false},
		{"no authorizer, forged header", false, nil, forged, domain.Principal{}, false},
		{"authorizer without claims, header", true, map[string]string{}, forged,
			domain.Principal{}, false},
		{"authorizer without claims", true, map[string]string{}, "", domain.Principal{}, false},
		{"claims but not authorized", false, map[string]string{"cognito:groups": "[admin]"},
			"", domain.Principal{}, false},
		{"admin", true, apiGatewayClaims("[admin]"), "",
			domain.Principal{Role: domain.RoleAdmin, Subject: "sub-1"}, false},
		{"vendor and admin", true, apiGatewayClaims("[vendor admin]"), "",
			domain.Principal{Role: domain.RoleAdmin, Subject: "sub-1"}, false},
		{"vendor", true, withVendor(apiGatewayClaims("vendor"), "12"), "Bearer ignored",
			domain.Principal{Role: domain.RoleVendor, VendorID: 12, Subject: "sub-1"}, false},
		{"vendor without id", true, apiGatewayClaims("[vendor]"), "", domain.Principal{}, true},
		{"id token", true, withUse(apiGatewayClaims("[admin]"), "id"), "", domain.Principal{},
			true},
		{"no groups", true, apiGatewayClaims(""), "",
			domain.Principal{Role: domain.RoleMember, Subject: "sub-1"}, false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/products", nil)
			r = r.WithContext(WithGatewayClaims(r.Context(), tt.authorized, tt.claims))
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}

			got, err := Gateway{}.Authenticate(r)
			if tt.err != (err != nil) || (err != nil && !errors.Is(err, ErrInvalidToken)) {
				t.Fatalf("err %v, want error=%v (ErrInvalidToken)", err, tt.err)
			}

			if got != tt.want {
				t.Fatalf("principal %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestGatewayWithoutContext: a request that never went through the Lambda adapter is
// an anonymous reader, never an administrator.
func TestGatewayWithoutContext(t *testing.T) {
	r := httptest.NewRequest(http.MethodDelete, "/api/v1/products/1", nil)

	got, err := Gateway{}.Authenticate(r)
	if err != nil || !got.Anonymous() {
		t.Fatalf("got %+v, %v; want anonymous", got, err)
	}
}

// apiGatewayClaims are claims as an HTTP API JWT authorizer hands them to Lambda: every
// value a string, groups as "[a b]".
func apiGatewayClaims(groups string) map[string]string {
	c := map[string]string{
		"sub":       "sub-1",
		"iss":       "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool",
		"client_id": "catalog-test-client",
		"token_use": "access",
		"scope":     "catalog/write",
		"exp":       "1999999999",
		"iat":       "1700000000",
	}
	if groups != "" {
		c["cognito:groups"] = groups
	}

	return c
}

func withVendor(c map[string]string, id string) map[string]string {
	c["custom:vendor_id"] = id

	return c
}

func withUse(c map[string]string, use string) map[string]string {
	c["token_use"] = use

	return c
}
