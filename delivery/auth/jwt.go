package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"

	"github.com/gamarriando/product-service/domain"
)

// Limits of token verification.
const (
	// MaxTokenBytes refuses oversized tokens before any parsing.
	MaxTokenBytes = 8 << 10
	// leeway absorbs clock skew between the issuer and this service.
	leeway = 30 * time.Second
	// unknownKIDRefresh is how often a token with an unknown key id may trigger a
	// fresh JWKS download; others fail at once instead of waiting.
	unknownKIDRefresh = 5 * time.Minute
	// jwksTimeout bounds one JWKS download. It is also the budget of a refresh caused
	// by an unknown key id: the library runs that download under the same deadline as
	// its wait for the rate limiter, so a tiny wait budget made the download itself
	// time out and a newly rotated key was refused until the hourly refresh. A token
	// the limiter refuses still fails at once: its wait (minutes) exceeds this budget.
	jwksTimeout = 5 * time.Second
)

// JWTConfig says how bearer tokens are verified. Exactly one of JWKSURL and
// HS256Secret is set.
type JWTConfig struct {
	JWKSURL     string
	HS256Secret string
	Issuer      string
	// Audience is checked against `aud`, or against Cognito's `client_id` for access
	// tokens, which carry no `aud`.
	Audience string
	// HTTPClient fetches the JWKS; nil means a client with a 5 s timeout.
	HTTPClient *http.Client
}

// JWT verifies bearer tokens itself, as the local server must.
type JWT struct {
	cfg     JWTConfig
	keys    jwt.Keyfunc
	methods []string
}

// NewJWT prepares a verifier. With a JWKS URL it downloads the key set in the
// background and refreshes it hourly; ctx ends that refresh.
func NewJWT(ctx context.Context, cfg JWTConfig) (*JWT, error) {
	if cfg.JWKSURL != "" && cfg.HS256Secret != "" {
		return nil, errors.New("auth: set either a JWKS URL or an HS256 secret, not both")
	}

	if cfg.HS256Secret != "" {
		secret := []byte(cfg.HS256Secret)

		return &JWT{cfg: cfg, methods: []string{"HS256"},
			keys: func(*jwt.Token) (any, error) { return secret, nil }}, nil
	}

	if cfg.JWKSURL == "" {
		return nil, errors.New("auth: a JWKS URL or an HS256 secret is required")
	}

	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: jwksTimeout}
	}

	kf, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{cfg.JWKSURL}, keyfunc.Override{
		Client:            client,
		HTTPTimeout:       jwksTimeout,
		RefreshUnknownKID: rate.NewLimiter(rate.Every(unknownKIDRefresh), 1),
		RateLimitWaitMax:  jwksTimeout,
		RefreshErrorHandlerFunc: func(string) func(context.Context, error) {
			return func(context.Context, error) {}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("auth: JWKS: %w", err)
	}

	return &JWT{cfg: cfg, keys: kf.Keyfunc,
		methods: []string{"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"}}, nil
}

// Authenticate reads the Authorization header. No header is an anonymous reader; a
// header that is not a valid bearer token is ErrInvalidToken.
func (j *JWT) Authenticate(r *http.Request) (domain.Principal, error) {
	raw, present, err := bearer(r)
	if err != nil || !present {
		return domain.Principal{}, err
	}

	claims := jwt.MapClaims{}
	opts := []jwt.ParserOption{jwt.WithValidMethods(j.methods), jwt.WithLeeway(leeway),
		jwt.WithExpirationRequired(), jwt.WithJSONNumber()}
	if j.cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(j.cfg.Issuer))
	}

	if _, err := jwt.ParseWithClaims(raw, claims, j.keys, opts...); err != nil {
		return domain.Principal{}, errors.Join(ErrInvalidToken, err)
	}

	if err := j.checkAudience(claims); err != nil {
		return domain.Principal{}, err
	}

	return principalFromClaims(claims)
}

// checkAudience accepts `aud` containing the audience, or an access token (Cognito's
// have no `aud`) whose `client_id` is it. An ID token is never accepted: it proves who
// someone is to a client, not what they may do here.
func (j *JWT) checkAudience(claims jwt.MapClaims) error {
	if use, ok := claims["token_use"].(string); ok && use != "access" {
		return errors.Join(ErrInvalidToken, errors.New("not an access token"))
	}

	if j.cfg.Audience == "" {
		return nil
	}

	aud, _ := claims.GetAudience()
	if contains(aud, j.cfg.Audience) || stringClaim(claims["client_id"]) == j.cfg.Audience {
		return nil
	}

	return errors.Join(ErrInvalidToken, errors.New("wrong audience"))
}

// bearer extracts the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (token string, present bool, err error) {
	h := r.Header.Values("Authorization")
	if len(h) == 0 {
		return "", false, nil
	}

	scheme, token, ok := strings.Cut(h[0], " ")
	token = strings.TrimSpace(token)

	switch {
	case len(h) > 1 || !ok || !strings.EqualFold(scheme, "Bearer") || token == "":
		return "", true, errors.Join(ErrInvalidToken, errors.New("not a bearer token"))
	case len(token) > MaxTokenBytes:
		return "", true, errors.Join(ErrInvalidToken, errors.New("token too large"))
	}

	return token, true, nil
}

// Development treats every request as an administrator. It exists so a fresh clone
// works without an identity provider; production refuses to start with it.
type Development struct{}

// Authenticate implements the development stand-in.
func (Development) Authenticate(*http.Request) (domain.Principal, error) {
	return domain.Principal{Role: domain.RoleAdmin, Subject: "development"}, nil
}
