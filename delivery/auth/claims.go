package auth

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gamarriando/product-service/domain"
)

// ErrInvalidToken is every reason a credential is refused. Callers answer 401 with a
// fixed message, so the reason (expired, wrong issuer, bad signature) never helps an
// attacker; the error's text may go to the log.
var ErrInvalidToken = errors.New("invalid token")

// principalFromClaims maps verified claims to a principal. The role is the `role`
// claim or a Cognito group; an administrator group wins over a vendor one, and a
// token with neither is a member, who may read but not write. A vendor needs its
// vendor id (`vendor_id` or `custom:vendor_id`, a number or a numeric string); a
// vendor token without a usable one is refused.
func principalFromClaims(claims map[string]any) (domain.Principal, error) {
	p := domain.Principal{Subject: stringClaim(claims["sub"])}

	roles := groups(claims["cognito:groups"])
	if r := stringClaim(claims["role"]); r != "" {
		roles = append(roles, r)
	}

	switch {
	case contains(roles, string(domain.RoleAdmin)):
		p.Role = domain.RoleAdmin
	case contains(roles, string(domain.RoleVendor)):
		p.Role = domain.RoleVendor
	default:
		p.Role = domain.RoleMember
	}

	if p.Role == domain.RoleVendor {
		id, ok := vendorID(claims)
		if !ok {
			return domain.Principal{}, errors.Join(ErrInvalidToken,
				errors.New("vendor token without a vendor id"))
		}

		p.VendorID = id
	}

	return p, nil
}

func vendorID(claims map[string]any) (int64, bool) {
	for _, name := range []string{"vendor_id", "custom:vendor_id"} {
		switch v := claims[name].(type) {
		case float64:
			if v >= 1 && v <= 1<<53 && v == float64(int64(v)) {
				return int64(v), true
			}
		case json.Number:
			if n, err := v.Int64(); err == nil && n > 0 {
				return n, true
			}
		case string:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				return n, true
			}
		}
	}

	return 0, false
}

// groups reads cognito:groups in every shape it arrives in: a JSON array from a token,
// or the string API Gateway makes of it ("[admin vendor]"), or a single group.
func groups(v any) []string {
	switch g := v.(type) {
	case []any:
		out := make([]string, 0, len(g))
		for _, item := range g {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}

		return out
	case []string:
		return g
	case string:
		return ParseGroups(g)
	}

	return nil
}

// ParseGroups reads the text form of a group list: "[a b]", `["a","b"]`, "a,b" or "a".
func ParseGroups(s string) []string {
	s = strings.TrimSpace(s)

	var list []string
	if strings.HasPrefix(s, "[") && json.Unmarshal([]byte(s), &list) == nil {
		return list
	}

	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")

	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
}

func stringClaim(v any) string {
	s, _ := v.(string)

	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}

	return false
}
