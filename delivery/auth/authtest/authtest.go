// Package authtest is an identity provider for tests: RSA keys published as a JWK Set
// over TLS on loopback, tokens shaped like Cognito access tokens, and a count of JWKS
// downloads. Tests of the verifier and of the routers use it; the service never
// imports it.
package authtest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The identity provider's names, as a Cognito user pool would have them.
const (
	Issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool"
	ClientID = "catalog-test-client"
)

// Key is one RSA signing key with its key id.
type Key struct {
	ID      string
	Private *rsa.PrivateKey
}

// NewKey makes a fresh 2048-bit key; smaller keys are refused by crypto/rsa.
func NewKey(t testing.TB, id string) Key {
	t.Helper()

	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("authtest: generate key: %v", err)
	}

	return Key{ID: id, Private: k}
}

// Provider serves a JWK Set from an httptest TLS server and counts its downloads.
type Provider struct {
	Server *httptest.Server

	mu      sync.Mutex
	keys    []Key
	delay   time.Duration
	fetches atomic.Int64
}

// NewProvider starts a JWKS server publishing keys; it stops when the test ends.
func NewProvider(t testing.TB, keys ...Key) *Provider {
	t.Helper()

	p := &Provider{keys: keys}
	p.Server = httptest.NewTLSServer(http.HandlerFunc(p.serveJWKS))
	t.Cleanup(p.Server.Close)

	return p
}

// URL is the address of the JWK Set.
func (p *Provider) URL() string { return p.Server.URL + "/.well-known/jwks.json" }

// Client trusts the server's certificate, as a verifier's HTTP client must.
func (p *Provider) Client() *http.Client { return p.Server.Client() }

// Fetches is how many times the JWK Set was downloaded.
func (p *Provider) Fetches() int64 { return p.fetches.Load() }

// Publish replaces the published keys: a rotation.
func (p *Provider) Publish(keys ...Key) {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.keys = keys
}

func (p *Provider) serveJWKS(w http.ResponseWriter, _ *http.Request) {
	p.fetches.Add(1)

	p.mu.Lock()
	set, delay := JWKS(p.keys...), p.delay
	p.mu.Unlock()

	time.Sleep(delay)

	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(set)
}

// SetLatency makes every download take d, as a real identity provider over the
// network does: a verifier that gives its refresh too short a deadline then fails.
func (p *Provider) SetLatency(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.delay = d
}

// JWKS renders the public halves of keys as a JWK Set document.
func JWKS(keys ...Key) []byte {
	type jwk struct {
		Kty string `json:"kty"`
		Kid string `json:"kid"`
		Use string `json:"use"`
		Alg string `json:"alg"`
		N   string `json:"n"`
		E   string `json:"e"`
	}

	set := struct {
		Keys []jwk `json:"keys"`
	}{Keys: []jwk{}}
	for _, k := range keys {
		pub := k.Private.PublicKey
		set.Keys = append(set.Keys, jwk{Kty: "RSA", Kid: k.ID, Use: "sig", Alg: "RS256",
			N: b64(pub.N.Bytes()), E: b64(big.NewInt(int64(pub.E)).Bytes())})
	}

	out, _ := json.Marshal(set)

	return out
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// AccessClaims are the claims of a Cognito access token for the test pool, valid for
// an hour; groups go in cognito:groups as a JSON array, the way a token carries them.
func AccessClaims(sub string, groups ...string) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{
		"sub":       sub,
		"iss":       Issuer,
		"client_id": ClientID,
		"token_use": "access",
		"scope":     "catalog/write",
		"iat":       now.Unix(),
		"exp":       now.Add(time.Hour).Unix(),
	}
	if len(groups) > 0 {
		c["cognito:groups"] = groups
	}

	return c
}

// Sign signs claims with k using RS256 and names k in the kid header.
func Sign(t testing.TB, k Key, claims jwt.MapClaims) string {
	t.Helper()

	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = k.ID

	s, err := tok.SignedString(k.Private)
	if err != nil {
		t.Fatalf("authtest: sign: %v", err)
	}

	return s
}

// SignHS256 signs claims with a shared secret, for the development verifier.
func SignHS256(t testing.TB, secret []byte, claims jwt.MapClaims) string {
	t.Helper()

	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		t.Fatalf("authtest: sign: %v", err)
	}

	return s
}
