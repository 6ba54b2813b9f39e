package config

import (
	"strings"
	"testing"
)

// TestLoadAuth: which identity source each environment gets, and the combinations the
// service refuses to start with.
func TestLoadAuth(t *testing.T) {
	const jwks = "https://cognito-idp.eu-west-1.amazonaws.com/pool/.well-known/jwks.json"
	prodJWKS := map[string]string{"AUTH_JWKS_URL": jwks,
		"AUTH_ISSUER":   "https://cognito-idp.eu-west-1.amazonaws.com/pool",
		"AUTH_AUDIENCE": "client"}

	tests := []struct {
		name     string
		env      map[string]string
		appEnv   Env
		onLambda bool
		want     AuthSource
		failOn   string // the variable the error names; "" means no error
	}{
		{"development without auth is open, loudly", nil, Development, false, AuthNone, ""},
		{"development with a secret", map[string]string{"AUTH_HS256_SECRET": "s"},
			Development, false, AuthJWT, ""},
		{"development with a JWKS", map[string]string{"AUTH_JWKS_URL": jwks},
			Development, false, AuthJWT, ""},
		{"production without auth refuses", nil, Production, false, "", "AUTH_JWKS_URL"},
		{"production with a secret refuses", map[string]string{"AUTH_HS256_SECRET": "s"},
			Production, false, "", "AUTH_HS256_SECRET"},
		{"production with a JWKS", prodJWKS, Production, false, AuthJWT, ""},
		{"production JWKS over http refuses", merge(prodJWKS,
			map[string]string{"AUTH_JWKS_URL": "http://idp.internal/jwks.json"}),
			Production, false, "", "AUTH_JWKS_URL"},
		{"production JWKS without issuer refuses", merge(prodJWKS,
			map[string]string{"AUTH_ISSUER": ""}), Production, false, "", "AUTH_ISSUER"},
		{"production JWKS without audience refuses", merge(prodJWKS,
			map[string]string{"AUTH_AUDIENCE": ""}), Production, false, "", "AUTH_AUDIENCE"},
		{"both a JWKS and a secret refuse", map[string]string{"AUTH_JWKS_URL": jwks,
			"AUTH_HS256_SECRET": "s"}, Development, false, "", "AUTH_HS256_SECRET"},
		{"Lambda behind an HTTP API (default source)", nil, Production, true, AuthGateway, ""},
		{"Lambda behind a REST API", map[string]string{"LAMBDA_EVENT_SOURCE": "apigw-rest"},
			Production, true, AuthGateway, ""},
		{"Lambda function URL without auth refuses", map[string]string{
			"LAMBDA_EVENT_SOURCE": "function-url"}, Production, true, "", "AUTH_JWKS_URL"},
		{"Lambda behind an ALB without auth refuses", map[string]string{
			"LAMBDA_EVENT_SOURCE": "alb"}, Production, true, "", "AUTH_JWKS_URL"},
		{"Lambda function URL with a JWKS", merge(prodJWKS, map[string]string{
			"LAMBDA_EVENT_SOURCE": "function-url"}), Production, true, AuthJWT, ""},
		{"API Gateway source off Lambda is not trusted", map[string]string{
			"LAMBDA_EVENT_SOURCE": "apigw-http"}, Production, false, "", "AUTH_JWKS_URL"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reader{getenv: envOf(tt.env)}
			got := loadAuth(&r, tt.appEnv, tt.onLambda)
			err := r.err()

			if tt.failOn == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}

				if got.Source != tt.want {
					t.Fatalf("source %q, want %q", got.Source, tt.want)
				}

				return
			}

			if err == nil || !strings.Contains(err.Error(), tt.failOn) {
				t.Fatalf("err %v, want one naming %s", err, tt.failOn)
			}
		})
	}
}

// TestLoadAuthDefaults goes through Load: a Lambda is production by default and takes
// its identity from API Gateway; a local server is development without auth.
func TestLoadAuthDefaults(t *testing.T) {
	c, _ := Load(envOf(map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "catalog"}))
	if c.Env != Production || c.Auth.Source != AuthGateway {
		t.Fatalf("Lambda: env %q, auth %q; want production behind the gateway", c.Env,
			c.Auth.Source)
	}

	c, err := Load(envOf(nil))
	if err != nil || c.Env != Development || c.Auth.Source != AuthNone {
		t.Fatalf("local: env %q, auth %q, err %v; want development, none", c.Env,
			c.Auth.Source, err)
	}

	_, err = Load(envOf(map[string]string{"APP_ENV": "production",
		"AUTH_HS256_SECRET": "canary-secret-value"}))
	if err == nil || !strings.Contains(err.Error(), "AUTH_HS256_SECRET") {
		t.Fatalf("production HS256: %v, want a refusal naming AUTH_HS256_SECRET", err)
	}

	if strings.Contains(err.Error(), "canary-secret-value") {
		t.Fatal("the error repeats the secret")
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}

	for k, v := range b {
		out[k] = v
	}

	return out
}
