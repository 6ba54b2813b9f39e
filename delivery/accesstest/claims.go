package accesstest

import (
	"strconv"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gamarriando/product-service/delivery/auth/authtest"
)

// TokenClaims are the claims of who's access token as the identity provider issues
// it: Cognito's access-token claims, groups as a JSON array, a vendor's id in
// custom:vendor_id. A member's token names no group. Anonymous callers have none.
func TokenClaims(who Identity) jwt.MapClaims {
	sub := string(who.Caller) + "-sub"
	switch who.Caller {
	case Admin:
		return authtest.AccessClaims(sub, "admin")
	case VendorA, VendorB:
		c := authtest.AccessClaims(sub, "vendor")
		c["custom:vendor_id"] = strconv.FormatInt(who.VendorID, 10)

		return c
	}

	return authtest.AccessClaims(sub)
}

// GatewayClaims are who's claims as an HTTP API JWT authorizer hands them to Lambda:
// every value a string, groups as "[a b]". Nil for anonymous callers, whose requests
// reach the function without an authorizer.
func GatewayClaims(who Identity) map[string]string {
	if who.Caller == Anonymous {
		return nil
	}

	out := map[string]string{}
	for k, v := range TokenClaims(who) {
		switch val := v.(type) {
		case string:
			out[k] = val
		case int64:
			out[k] = strconv.FormatInt(val, 10)
		case []string:
			out[k] = "[" + strings.Join(val, " ") + "]"
		}
	}

	return out
}
