package config

import "strings"

// AuthSource says who verifies bearer tokens.
type AuthSource string

// The sources of the caller's identity.
const (
	// AuthJWT: the service verifies tokens itself, against AUTH_JWKS_URL or, in
	// development and tests, AUTH_HS256_SECRET.
	AuthJWT AuthSource = "jwt"
	// AuthGateway: API Gateway's JWT authorizer verified the token; the service reads
	// the claims it put in the event. Lambda behind API Gateway only.
	AuthGateway AuthSource = "gateway"
	// AuthNone: development without any identity provider; every request is an
	// administrator. Refused in production.
	AuthNone AuthSource = "none"
)

// Auth is the authentication configuration.
type Auth struct {
	Source      AuthSource
	JWKSURL     string
	Issuer      string
	Audience    string
	HS256Secret string
}

// loadAuth picks the source: a JWKS URL or secret wins; behind API Gateway the
// authorizer's claims are used; otherwise only development may run without auth.
func loadAuth(r *reader, env Env, onLambda bool) Auth {
	a := Auth{
		JWKSURL:     r.str("AUTH_JWKS_URL", ""),
		Issuer:      r.str("AUTH_ISSUER", ""),
		Audience:    r.str("AUTH_AUDIENCE", ""),
		HS256Secret: r.getenv("AUTH_HS256_SECRET"),
	}

	gateway := strings.HasPrefix(r.str("LAMBDA_EVENT_SOURCE", "apigw-http"), "apigw-")

	switch {
	case a.JWKSURL != "" && a.HS256Secret != "":
		r.fail("AUTH_HS256_SECRET", "cannot be combined with AUTH_JWKS_URL")
	case a.HS256Secret != "" && env == Production:
		r.fail("AUTH_HS256_SECRET", "is for development and tests only; "+
			"production verifies tokens with AUTH_JWKS_URL")
	case a.JWKSURL != "" || a.HS256Secret != "":
		a.Source = AuthJWT
	case onLambda && gateway:
		a.Source = AuthGateway
	case env == Development:
		a.Source = AuthNone
	default:
		r.fail("AUTH_JWKS_URL", "is required in production (or deploy behind an "+
			"API Gateway JWT authorizer)")
	}

	if a.Source == AuthJWT && env == Production {
		checkProductionJWT(r, a)
	}

	return a
}

// checkProductionJWT refuses a verifier that would accept tokens meant for someone
// else: a JWKS is often shared by every app of an identity provider, so only the
// issuer and the audience (Cognito's app client id) make a token ours.
func checkProductionJWT(r *reader, a Auth) {
	if !strings.HasPrefix(a.JWKSURL, "https://") {
		r.fail("AUTH_JWKS_URL", "must be an https URL in production")
	}

	if a.Issuer == "" {
		r.fail("AUTH_ISSUER", "is required in production (the user pool URL)")
	}

	if a.Audience == "" {
		r.fail("AUTH_AUDIENCE", "is required in production (the app client id)")
	}
}
