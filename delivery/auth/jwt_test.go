package auth

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gamarriando/product-service/delivery/auth/authtest"
	"github.com/gamarriando/product-service/domain"
)

// newJWKSVerifier verifies against a fresh provider publishing key, as the local
// server does in production: JWKS over TLS, the pool's issuer and app client.
func newJWKSVerifier(t *testing.T, keys ...authtest.Key) (*JWT, *authtest.Provider) {
	t.Helper()

	p := authtest.NewProvider(t, keys...)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	j, err := NewJWT(ctx, JWTConfig{JWKSURL: p.URL(), Issuer: authtest.Issuer,
		Audience: authtest.ClientID, HTTPClient: p.Client()})
	if err != nil {
		t.Fatalf("NewJWT: %v", err)
	}

	return j, p
}

func authenticate(a interface {
	Authenticate(*http.Request) (domain.Principal, error)
}, header ...string) (domain.Principal, error) {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/products", nil)
	for _, h := range header {
		r.Header.Add("Authorization", h)
	}

	return a.Authenticate(r)
}

func adminClaims() jwt.MapClaims { return authtest.AccessClaims("admin-sub", "admin") }

// with returns a copy of claims with changes applied; a nil value deletes the claim.
func with(claims jwt.MapClaims, changes map[string]any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range claims {
		out[k] = v
	}

	for k, v := range changes {
		if v == nil {
			delete(out, k)

			continue
		}

		out[k] = v
	}

	return out
}

// unsigned builds a token by hand, for shapes no library signs: alg none, a payload
// swapped after signing.
func unsigned(header, payload any, sig string) string {
	h, _ := json.Marshal(header)
	p, _ := json.Marshal(payload)

	return b64(h) + "." + b64(p) + "." + sig
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// TestJWTRejects is AUTH-1's list: every credential below is refused as an invalid
// token, which the router answers with 401 and WWW-Authenticate.
func TestJWTRejects(t *testing.T) {
	key := authtest.NewKey(t, "k1")
	outsider := authtest.NewKey(t, "k1") // same kid, a key the JWKS never published
	j, _ := newJWKSVerifier(t, key)

	now := time.Now()
	sign := func(c jwt.MapClaims) string { return authtest.Sign(t, key, c) }

	pemKey := publicKeyPEM(t, key)
	valid := sign(adminClaims())
	parts := strings.Split(valid, ".")

	tests := []struct {
		name   string
		header []string
	}{
		{"empty Bearer", []string{"Bearer"}},
		{"Bearer and spaces", []string{"Bearer    "}},
		{"another scheme", []string{"Basic YWRtaW46YWRtaW4="}},
		{"two Authorization headers", []string{"Bearer " + valid, "Bearer " + valid}},
		{"not a JWT", []string{"Bearer not-a-token"}},
		{"alg none", []string{"Bearer " + unsigned(map[string]any{"alg": "none", "typ": "JWT",
			"kid": "k1"}, adminClaims(), "")}},
		{"alg none signed by the library", []string{"Bearer " + noneToken(t, adminClaims())}},
		{"HS256 keyed with the RSA public key", []string{"Bearer " + hmacToken(t, pemKey,
			adminClaims())}},
		{"RS256 by a key outside the JWKS", []string{"Bearer " +
			authtest.Sign(t, outsider, adminClaims())}},
		{"expired 31 s ago", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"exp": now.Add(-31 * time.Second).Unix()}))}},
		{"nbf 60 s ahead", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"nbf": now.Add(60 * time.Second).Unix()}))}},
		{"wrong iss", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"iss": "https://cognito-idp.eu-west-1.amazonaws.com/other"}))}},
		{"no iss", []string{"Bearer " + sign(with(adminClaims(), map[string]any{"iss": nil}))}},
		{"wrong client_id", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"client_id": "another-app"}))}},
		{"wrong aud, no client_id", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"client_id": nil, "aud": "another-app"}))}},
		{"no aud and no client_id", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"client_id": nil}))}},
		{"token_use id", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"token_use": "id", "client_id": nil, "aud": authtest.ClientID}))}},
		{"no exp", []string{"Bearer " + sign(with(adminClaims(), map[string]any{"exp": nil}))}},
		{"exp as a string", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"exp": "9999999999"}))}},
		{"over 8 KiB", []string{"Bearer " + sign(with(adminClaims(),
			map[string]any{"pad": strings.Repeat("x", MaxTokenBytes)}))}},
		{"tampered payload", []string{"Bearer " + parts[0] + "." +
			tamper(t, parts[1]) + "." + parts[2]}},
		{"signature of another token", []string{"Bearer " + parts[0] + "." + parts[1] + "." +
			strings.Split(sign(authtest.AccessClaims("x", "vendor")), ".")[2]}},
		{"vendor without a vendor id", []string{"Bearer " +
			sign(authtest.AccessClaims("v", "vendor"))}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := authenticate(j, tt.header...)
			if !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("accepted as %+v (err %v), want ErrInvalidToken", p, err)
			}

			if p != (domain.Principal{}) {
				t.Fatalf("a refused token still gave a principal: %+v", p)
			}
		})
	}
}

// TestJWTAccepts: a valid token works, and the leeway absorbs 30 s of clock skew.
func TestJWTAccepts(t *testing.T) {
	key := authtest.NewKey(t, "k1")
	j, _ := newJWKSVerifier(t, key)
	now := time.Now()

	tests := []struct {
		name   string
		claims jwt.MapClaims
		want   domain.Principal
	}{
		{"admin access token", adminClaims(),
			domain.Principal{Role: domain.RoleAdmin, Subject: "admin-sub"}},
		{"vendor with custom:vendor_id string", with(authtest.AccessClaims("v7", "vendor"),
			map[string]any{"custom:vendor_id": "7"}),
			domain.Principal{Role: domain.RoleVendor, VendorID: 7, Subject: "v7"}},
		{"role claim and numeric vendor_id", with(authtest.AccessClaims("v8"),
			map[string]any{"role": "vendor", "vendor_id": 8}),
			domain.Principal{Role: domain.RoleVendor, VendorID: 8, Subject: "v8"}},
		{"expired 29 s ago", with(adminClaims(),
			map[string]any{"exp": now.Add(-29 * time.Second).Unix()}),
			domain.Principal{Role: domain.RoleAdmin, Subject: "admin-sub"}},
		{"nbf 20 s ahead", with(adminClaims(),
			map[string]any{"nbf": now.Add(20 * time.Second).Unix()}),
			domain.Principal{Role: domain.RoleAdmin, Subject: "admin-sub"}},
		{"no role is a member", authtest.AccessClaims("shopper"),
			domain.Principal{Role: domain.RoleMember, Subject: "shopper"}},
		{"aud instead of client_id", with(adminClaims(),
			map[string]any{"client_id": nil, "token_use": nil, "aud": authtest.ClientID}),
			domain.Principal{Role: domain.RoleAdmin, Subject: "admin-sub"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := authenticate(j, "Bearer "+authtest.Sign(t, key, tt.claims))
			if err != nil {
				t.Fatalf("refused: %v", err)
			}

			if p != tt.want {
				t.Fatalf("principal %+v, want %+v", p, tt.want)
			}
		})
	}
}

func TestJWTNoHeaderIsAnonymous(t *testing.T) {
	j, _ := newJWKSVerifier(t, authtest.NewKey(t, "k1"))

	p, err := authenticate(j)
	if err != nil || !p.Anonymous() {
		t.Fatalf("no header gave %+v, %v; want an anonymous reader", p, err)
	}
}

// TestJWTUnknownKIDRefreshIsRateLimited: tokens naming keys nobody published make at
// most one extra JWKS download per rate-limit window, however many arrive and however
// concurrently, so they cannot turn the service against its identity provider.
func TestJWTUnknownKIDRefreshIsRateLimited(t *testing.T) {
	key := authtest.NewKey(t, "k1")
	j, p := newJWKSVerifier(t, key)
	stranger := authtest.NewKey(t, "unused")
	before := p.Fetches()

	var wg sync.WaitGroup
	refused := make(chan error, 1000)
	for w := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()

			for i := range 100 {
				k := authtest.Key{ID: "unknown-" + strconv.Itoa(w) + "-" + strconv.Itoa(i),
					Private: stranger.Private}
				_, err := authenticate(j, "Bearer "+authtest.Sign(t, k, adminClaims()))
				refused <- err
			}
		}()
	}

	wg.Wait()
	close(refused)

	for err := range refused {
		if !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("an unknown kid was not refused: %v", err)
		}
	}

	if extra := p.Fetches() - before; extra > 1 {
		t.Fatalf("1000 unknown-kid tokens made %d JWKS downloads, want at most 1", extra)
	}

	if _, err := authenticate(j, "Bearer "+authtest.Sign(t, key, adminClaims())); err != nil {
		t.Fatalf("a valid token after the storm was refused: %v", err)
	}
}

// TestJWTKeyRotation: a key published after start is picked up on its first token
// (the unknown-kid refresh), and a key withdrawn from the JWKS stops working once the
// set has been downloaded again.
func TestJWTKeyRotation(t *testing.T) {
	oldKey, newKey := authtest.NewKey(t, "old"), authtest.NewKey(t, "new")
	j, p := newJWKSVerifier(t, oldKey)

	oldToken := "Bearer " + authtest.Sign(t, oldKey, adminClaims())
	if _, err := authenticate(j, oldToken); err != nil {
		t.Fatalf("the published key was refused: %v", err)
	}

	p.Publish(newKey)
	p.SetLatency(50 * time.Millisecond)

	if _, err := authenticate(j, "Bearer "+authtest.Sign(t, newKey, adminClaims())); err != nil {
		t.Fatalf("a newly published key was refused after the refresh: %v", err)
	}

	if _, err := authenticate(j, oldToken); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("a key rotated out of the JWKS still verifies (err %v)", err)
	}
}

// TestHS256Verifier: the development secret mode takes only HS256 with its secret, and
// the same claim checks.
func TestHS256Verifier(t *testing.T) {
	secret := []byte("test-secret-of-at-least-32-bytes!!")
	j, err := NewJWT(context.Background(), JWTConfig{HS256Secret: string(secret),
		Issuer: authtest.Issuer, Audience: authtest.ClientID})
	if err != nil {
		t.Fatal(err)
	}

	rsaKey := authtest.NewKey(t, "k1")
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"valid", authtest.SignHS256(t, secret, adminClaims()), true},
		{"another secret", authtest.SignHS256(t, []byte("another-secret-xxxxxxxxxxxxxxxx"),
			adminClaims()), false},
		{"RS256", authtest.Sign(t, rsaKey, adminClaims()), false},
		{"alg none", noneToken(t, adminClaims()), false},
		{"expired", authtest.SignHS256(t, secret, with(adminClaims(),
			map[string]any{"exp": time.Now().Add(-time.Minute).Unix()})), false},
		{"wrong issuer", authtest.SignHS256(t, secret, with(adminClaims(),
			map[string]any{"iss": "https://elsewhere.example"})), false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := authenticate(j, "Bearer "+tt.token)
			if tt.ok != (err == nil) {
				t.Fatalf("err %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestNewJWTConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  JWTConfig
	}{
		{"neither", JWTConfig{}},
		{"both", JWTConfig{JWKSURL: "https://example.com/jwks", HS256Secret: "s"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewJWT(context.Background(), tt.cfg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func publicKeyPEM(t *testing.T, k authtest.Key) []byte {
	t.Helper()

	der, err := x509.MarshalPKIXPublicKey(&k.Private.PublicKey)
	if err != nil {
		t.Fatal(err)
	}

	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// hmacToken is the algorithm-confusion attack: HS256 with the server's public key as
// the secret, which a verifier that lets the token pick the algorithm would accept.
func hmacToken(t *testing.T, secret []byte, claims jwt.MapClaims) string {
	t.Helper()

	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = "k1"

	s, err := tok.SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}

	return s
}

func noneToken(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()

	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).
		SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}

	return s
}

// tamper changes the subject of a signed payload, keeping the signature.
func tamper(t *testing.T, payload string) string {
	t.Helper()

	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		t.Fatal(err)
	}

	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}

	claims["sub"] = "someone-else"
	out, _ := json.Marshal(claims)

	return b64(out)
}
