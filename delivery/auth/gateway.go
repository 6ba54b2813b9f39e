package auth

import (
	"context"
	"errors"
	"net/http"

	"github.com/gamarriando/product-service/domain"
)

// gatewayKey carries what API Gateway's authorizer said about a request.
type gatewayKey struct{}

type gatewayClaims struct {
	authorized bool
	claims     map[string]string
}

// WithGatewayClaims records the claims API Gateway's JWT authorizer verified for the
// request (authorized false when no authorizer ran). The Lambda entry point calls it
// for each event; Gateway reads it back.
func WithGatewayClaims(ctx context.Context, authorized bool,
	claims map[string]string) context.Context {
	return context.WithValue(ctx, gatewayKey{}, gatewayClaims{authorized, claims})
}

// Gateway trusts the claims API Gateway verified and nothing else: it never parses the
// Authorization header, which behind the gateway was either verified already or, on a
// public route (the reads carry no authorizer), not verified at all. A request without
// authorizer claims is therefore an anonymous reader whatever headers it sends: a
// read gets the public answer, and a write is a 401, never an administrator.
type Gateway struct{}

// Authenticate implements the API Gateway claims source.
func (Gateway) Authenticate(r *http.Request) (domain.Principal, error) {
	g, _ := r.Context().Value(gatewayKey{}).(gatewayClaims)
	if !g.authorized || len(g.claims) == 0 {
		return domain.Principal{}, nil
	}

	claims := make(map[string]any, len(g.claims))
	for k, v := range g.claims {
		claims[k] = v
	}

	if use, ok := claims["token_use"].(string); ok && use != "access" {
		return domain.Principal{}, errors.Join(ErrInvalidToken,
			errors.New("not an access token"))
	}

	return principalFromClaims(claims)
}
